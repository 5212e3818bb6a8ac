/// The subset of Python literals that `.npy` headers use: a dict with string keys whose values
/// are strings, `True`/`False`/`None`, integers and tuples or lists of them — read as Python's
/// `ast.literal_eval` reads them, so that nothing NumPy refuses is accepted: `(2)` is the
/// integer 2, not a tuple; `02` is a syntax error; string escapes mean what they mean in
/// Python (`'<\f4'` holds a form feed); a key given twice is refused (Python would keep the
/// last).
indirect enum PythonLiteral: Equatable {
  case dictionary([(String, PythonLiteral)])
  /// A tuple, `(…)` with at least one comma, or `()`.
  case tuple([PythonLiteral])
  /// A list, `[…]`.
  case sequence([PythonLiteral])
  case string(String)
  case integer(Int)
  case boolean(Bool)
  case none

  static func == (lhs: PythonLiteral, rhs: PythonLiteral) -> Bool {
    switch (lhs, rhs) {
    case (.dictionary(let a), .dictionary(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    case (.sequence(let a), .sequence(let b)), (.tuple(let a), .tuple(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.integer(let a), .integer(let b)): return a == b
    case (.boolean(let a), .boolean(let b)): return a == b
    case (.none, .none): return true
    default: return false
    }
  }

  /// Parses one literal that fills `text` (surrounding white space allowed).
  ///
  /// - Throws: A message describing the first problem.
  static func parse(_ text: String) throws(PythonLiteralError) -> PythonLiteral {
    var parser = Parser(scalars: Array(text.unicodeScalars))
    parser.skipSpace()
    let value = try parser.value(depth: 0)
    parser.skipSpace()
    guard parser.index == parser.scalars.count else {
      throw PythonLiteralError("unexpected text after the header dictionary")
    }
    return value
  }

  struct Parser {
    let scalars: [Unicode.Scalar]
    var index = 0

    mutating func skipSpace() {
      while index < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[index]) { index += 1 }
    }

    func peek() -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    mutating func value(depth: Int) throws(PythonLiteralError) -> PythonLiteral {
      guard depth < 16 else { throw PythonLiteralError("header nests too deeply") }
      guard let next = peek() else { throw PythonLiteralError("header ends too early") }
      switch next {
      case "{": return try dictionary(depth: depth)
      case "(":
        let (elements, comma) = try sequence(closing: ")", depth: depth)
        // `(x)` is x in parentheses; a tuple needs a comma (or is empty).
        if elements.count == 1, !comma { return elements[0] }
        return .tuple(elements)
      case "[": return .sequence(try sequence(closing: "]", depth: depth).elements)
      case "'", "\"": return .string(try string())
      case "-", "0"..."9": return .integer(try integer())
      default:
        for (word, literal) in [
          ("True", PythonLiteral.boolean(true)), ("False", .boolean(false)), ("None", .none),
        ] where hasWord(word) {
          index += word.unicodeScalars.count
          return literal
        }
        throw PythonLiteralError("unexpected character '\(next)' in the header")
      }
    }

    func hasWord(_ word: String) -> Bool {
      let wanted = Array(word.unicodeScalars)
      return scalars.count - index >= wanted.count
        && Array(scalars[index..<index + wanted.count]) == wanted
    }

    mutating func dictionary(depth: Int) throws(PythonLiteralError) -> PythonLiteral {
      index += 1
      var members: [(String, PythonLiteral)] = []
      while true {
        skipSpace()
        if peek() == "}" {
          index += 1
          return .dictionary(members)
        }
        guard peek() == "'" || peek() == "\"" else {
          throw PythonLiteralError("expected a quoted key in the header dictionary")
        }
        let key = try string()
        guard !members.contains(where: { $0.0 == key }) else {
          throw PythonLiteralError("the key '\(key)' appears twice in the header dictionary")
        }
        skipSpace()
        guard peek() == ":" else { throw PythonLiteralError("expected ':' after '\(key)'") }
        index += 1
        skipSpace()
        members.append((key, try value(depth: depth + 1)))
        skipSpace()
        if peek() == "," {
          index += 1
        } else if peek() != "}" {
          throw PythonLiteralError("expected ',' or '}' in the header dictionary")
        }
      }
    }

    mutating func sequence(closing: Unicode.Scalar, depth: Int) throws(PythonLiteralError)
      -> (elements: [PythonLiteral], comma: Bool)
    {
      index += 1
      var elements: [PythonLiteral] = []
      var comma = false
      while true {
        skipSpace()
        if peek() == closing {
          index += 1
          return (elements, comma)
        }
        elements.append(try value(depth: depth + 1))
        skipSpace()
        if peek() == "," {
          index += 1
          comma = true
        } else if peek() != closing {
          throw PythonLiteralError("expected ',' or '\(closing)' in a tuple")
        }
      }
    }

    mutating func string() throws(PythonLiteralError) -> String {
      guard let quote = peek() else { throw PythonLiteralError("header ends too early") }
      index += 1
      var result = String.UnicodeScalarView()
      while let next = peek() {
        index += 1
        if next == quote { return String(result) }
        if next == "\\" {
          guard let escaped = peek() else { break }
          index += 1
          // Python's escapes; anything else would be a different string in NumPy.
          switch escaped {
          case "\\", "'", "\"": result.append(escaped)
          case "n": result.append("\n")
          case "t": result.append("\t")
          case "r": result.append("\r")
          case "f": result.append("\u{0C}")
          case "v": result.append("\u{0B}")
          case "a": result.append("\u{07}")
          case "b": result.append("\u{08}")
          case "0": result.append("\u{00}")
          default:
            throw PythonLiteralError("unsupported escape '\\\(escaped)' in a header string")
          }
        } else {
          result.append(next)
        }
      }
      throw PythonLiteralError("unterminated string in the header")
    }

    mutating func integer() throws(PythonLiteralError) -> Int {
      let start = index
      if peek() == "-" { index += 1 }
      while let next = peek(), ("0"..."9").contains(next) { index += 1 }
      let text = String(String.UnicodeScalarView(scalars[start..<index]))
      let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
      // Python 3 reads `0` and `00` but refuses `02`.
      if digits.count > 1, digits.hasPrefix("0"), digits.contains(where: { $0 != "0" }) {
        throw PythonLiteralError("integer '\(text)' has a leading zero, which Python refuses")
      }
      if peek() == "L" { index += 1 }  // Python 2 long suffix, as old numpy wrote it
      guard let value = Int(text) else {
        throw PythonLiteralError("integer '\(text)' in the header is malformed or too large")
      }
      return value
    }
  }
}

/// A problem in a Python literal.
struct PythonLiteralError: Error {
  let message: String
  init(_ message: String) { self.message = message }
}
