import Foundation
import TableKit

/// The small arithmetic language in which `Data/published` states how a figure or a
/// table relation is recomputed, e.g.
///
///     apply(counts='schooling:102 matching:561', value=extra_out_of_benefit_2y)
///     [Netto bijstandsuitgaven@2019] - [Budget@2019]
///     round(102/100*3, 0.1) + round(561/100*11.1, 0.1)
///
/// Grammar: expr = term (("+"|"-") term)*; term = unary (("*"|"/") unary)*;
/// unary = "-" unary | primary; primary = number | "(" expr ")" | "[" ref "]" |
/// name "(" [arg ("," arg)*] ")"; arg = name "=" (expr | 'text') | expr.
/// Written by hand: it is 150 lines, and no package on the machine evaluates
/// expressions with named arguments and cell references.
public indirect enum Expression: Equatable, Sendable {
    case number(Double)
    case reference(String)
    case negate(Expression)
    case binary(Character, Expression, Expression)
    case call(String, [Argument])

    public struct Argument: Equatable, Sendable {
        public let name: String?
        public let value: ArgumentValue
    }

    public enum ArgumentValue: Equatable, Sendable {
        case expression(Expression)
        case text(String)
    }

    /// Named cell references appearing anywhere in the expression, in order of appearance.
    public var references: [String] {
        switch self {
        case .number: return []
        case .reference(let r): return [r]
        case .negate(let e): return e.references
        case .binary(_, let a, let b): return a.references + b.references
        case .call(_, let args):
            return args.flatMap { a -> [String] in
                if case .expression(let e) = a.value { return e.references }
                return []
            }
        }
    }

    public static func parse(_ text: String) throws -> Expression {
        var p = ExpressionParser(Array(text))
        let e = try p.expression()
        p.skipSpaces()
        guard p.atEnd else { throw ExpressionError.syntax(text, "unexpected '\(p.rest)'") }
        return e
    }

    /// Evaluates with `resolve` for cell references and `call` for functions.
    public func evaluate(resolve: (String) throws -> Double, call: (String, [String: ArgumentValue], [Double]) throws -> Double) throws -> Double {
        switch self {
        case .number(let v): return v
        case .reference(let r): return try resolve(r)
        case .negate(let e): return -(try e.evaluate(resolve: resolve, call: call))
        case .binary(let op, let a, let b):
            let x = try a.evaluate(resolve: resolve, call: call), y = try b.evaluate(resolve: resolve, call: call)
            switch op {
            case "+": return x + y
            case "-": return x - y
            case "*": return x * y
            default: return x / y
            }
        case .call(let name, let args):
            var named = [String: ArgumentValue]()
            var positional = [Double]()
            for a in args {
                if let n = a.name { named[n] = a.value } else if case .expression(let e) = a.value {
                    positional.append(try e.evaluate(resolve: resolve, call: call))
                }
            }
            return try call(name, named, positional)
        }
    }
}

public enum ExpressionError: Error, CustomStringConvertible, Equatable {
    case syntax(String, String)
    case unknownFunction(String)
    case missingArgument(function: String, argument: String)
    case badArgument(function: String, argument: String, value: String)
    case unknownReference(String)

    public var description: String {
        switch self {
        case .syntax(let text, let why): return "cannot read computation '\(text)': \(why)"
        case .unknownFunction(let f): return "unknown function '\(f)'"
        case .missingArgument(let f, let a): return "\(f)(): missing argument '\(a)'"
        case .badArgument(let f, let a, let v): return "\(f)(): argument '\(a)' has an unusable value '\(v)'"
        case .unknownReference(let r): return "no cell [\(r)]"
        }
    }
}

struct ExpressionParser {
    let chars: [Character]
    var i = 0

    init(_ chars: [Character]) { self.chars = chars }

    var atEnd: Bool { i >= chars.count }
    var rest: String { String(chars[i...]) }

    mutating func skipSpaces() { while i < chars.count && chars[i].isWhitespace { i += 1 } }

    mutating func peek() -> Character? { skipSpaces(); return atEnd ? nil : chars[i] }

    mutating func expression() throws -> Expression {
        var e = try term()
        while let c = peek(), c == "+" || c == "-" {
            i += 1
            e = .binary(c, e, try term())
        }
        return e
    }

    mutating func term() throws -> Expression {
        var e = try unary()
        while let c = peek(), c == "*" || c == "/" {
            i += 1
            e = .binary(c, e, try unary())
        }
        return e
    }

    mutating func unary() throws -> Expression {
        if peek() == "-" { i += 1; return .negate(try unary()) }
        return try primary()
    }

    mutating func primary() throws -> Expression {
        guard let c = peek() else { throw ExpressionError.syntax(String(chars), "ends too early") }
        if c == "(" {
            i += 1
            let e = try expression()
            guard peek() == ")" else { throw ExpressionError.syntax(String(chars), "missing ')'") }
            i += 1
            return e
        }
        if c == "[" {
            i += 1
            let start = i
            while i < chars.count && chars[i] != "]" { i += 1 }
            guard i < chars.count else { throw ExpressionError.syntax(String(chars), "missing ']'") }
            let ref = String(chars[start..<i]).trimmingCharacters(in: .whitespaces)
            i += 1
            return .reference(ref)
        }
        if c.isNumber || c == "." {
            let start = i
            while i < chars.count && (chars[i].isNumber || chars[i] == "." || chars[i] == "e" || chars[i] == "E"
                                      || ((chars[i] == "-" || chars[i] == "+") && (chars[i - 1] == "e" || chars[i - 1] == "E"))) { i += 1 }
            guard let v = Double(String(chars[start..<i])) else { throw ExpressionError.syntax(String(chars), "bad number") }
            return .number(v)
        }
        if c.isLetter || c == "_" {
            let name = identifier()
            guard peek() == "(" else { throw ExpressionError.syntax(String(chars), "'\(name)' must be called with (...)") }
            i += 1
            var args = [Expression.Argument]()
            if peek() == ")" { i += 1; return .call(name, args) }
            while true {
                args.append(try argument())
                if peek() == "," { i += 1; continue }
                guard peek() == ")" else { throw ExpressionError.syntax(String(chars), "missing ')' after arguments of \(name)") }
                i += 1
                return .call(name, args)
            }
        }
        throw ExpressionError.syntax(String(chars), "unexpected '\(c)'")
    }

    mutating func identifier() -> String {
        skipSpaces()
        let start = i
        while i < chars.count && (chars[i].isLetter || chars[i].isNumber || chars[i] == "_") { i += 1 }
        return String(chars[start..<i])
    }

    mutating func argument() throws -> Expression.Argument {
        let save = i
        let name = identifier()
        if !name.isEmpty && peek() == "=" {
            i += 1
            if peek() == "'" { return Expression.Argument(name: name, value: .text(try quoted())) }
            if let c = peek(), c.isLetter {
                let valueStart = i
                let word = identifier()
                if peek() != "(" { return Expression.Argument(name: name, value: .text(word)) }
                i = valueStart // a function call: parse it as an expression
            }
            return Expression.Argument(name: name, value: .expression(try expression()))
        }
        i = save
        return Expression.Argument(name: nil, value: .expression(try expression()))
    }

    mutating func quoted() throws -> String {
        i += 1
        let start = i
        while i < chars.count && chars[i] != "'" { i += 1 }
        guard i < chars.count else { throw ExpressionError.syntax(String(chars), "unterminated '") }
        let s = String(chars[start..<i])
        i += 1
        return s
    }
}
