import StatKit

/// The model matrix of a regression: an intercept, numeric covariates as they are,
/// and categorical covariates as treatment-coded dummies.
///
/// Coding follows R's `model.matrix` with default contrasts: the levels of a
/// categorical covariate are sorted (byte order, as R's C locale), the first is the
/// reference, and each other level gets a 0/1 column named covariate + level
/// (`race` with levels black, hispan, white → `racehispan`, `racewhite`).
public struct DesignMatrix: Sendable {
    public let matrix: Matrix
    public let columnNames: [String]
    public let hasIntercept: Bool
    /// The categorical covariates, with the reference level named as R would name its column (`raceblack`).
    public let factors: [DesignFactor]

    public init(table: DataTable, covariates: [String], intercept: Bool = true) throws {
        let n = table.rowCount
        var cols = [[Double]](), names = [String](), factors = [DesignFactor]()
        if intercept {
            cols.append([Double](repeating: 1, count: n))
            names.append("(Intercept)")
        }
        for name in covariates {
            guard let column = table[name] else {
                throw InputError(file: table.file, column: name, message: "covariate not read from the table")
            }
            switch column {
            case .numeric(let v):
                cols.append(v)
                names.append(name)
            case .categorical(let v):
                let levels = Array(Set(v)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
                if levels.count < 2 {
                    throw InputError(file: table.file, column: name, value: levels.first,
                                     message: "categorical covariate has a single level and cannot be estimated")
                }
                for level in levels.dropFirst() {
                    cols.append(v.map { $0 == level ? 1 : 0 })
                    names.append(name + level)
                }
                factors.append(DesignFactor(reference: name + levels[0], levels: levels.dropFirst().map { name + $0 }))
            }
        }
        matrix = Matrix(columns: cols)
        columnNames = names
        self.factors = factors
        hasIntercept = intercept
    }
}
