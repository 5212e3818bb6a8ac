import KelvinSampling

/// Parses Kelvin's regular-expression subset into a ``RegexNode`` over bytes.
///
/// The subset (docs/CONSTRAINTS.md): literals; `.` (any scalar but a newline); classes
/// `[a-z0-9_]`, `[^…]`, with ranges of any scalars; escapes `\d \D \w \W \s \S`, `\n \r \t
/// \f \v \0`, `\xHH`, `\u{H…}` and `\uHHHH`, and a backslash before any ASCII punctuation;
/// quantifiers `* + ? {m} {m,} {m,n}` (a lazy `?` after one is accepted: it does not change
/// the language); alternation `|`; groups `(…)` and `(?:…)`. The match is always of the whole
/// output: a leading `^` and a trailing `$` are accepted and change nothing; anchors elsewhere,
/// backreferences, lookaround and flags are errors. `\w`, `\d` and `\s` are ASCII classes.
struct RegexParser {
  /// The deepest group nesting accepted.
  static let maximumDepth = 200
  /// The largest repetition count accepted.
  static let maximumCount = 1_000
  /// The longest pattern accepted, in scalars.
  static let maximumLength = 100_000

  let scalars: [Unicode.Scalar]
  var position = 0
  var depth = 0

  /// Parses a whole pattern.
  ///
  /// - Throws: ``RegexError`` naming the character where the pattern leaves the subset.
  static func parse(_ pattern: String) throws -> RegexNode {
    var parser = RegexParser(scalars: Array(pattern.unicodeScalars))
    guard parser.scalars.count <= maximumLength else {
      throw RegexError(
        offset: nil, "a pattern is at most \(maximumLength) characters, got \(parser.scalars.count)"
      )
    }
    if parser.peek == "^" { parser.position += 1 }
    let node = try parser.alternation()
    if parser.peek == ")" { throw RegexError(offset: parser.position, "unmatched ')'") }
    guard parser.position == parser.scalars.count else {
      throw RegexError(offset: parser.position, "unexpected '\(parser.scalars[parser.position])'")
    }
    return node
  }

  var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

  mutating func alternation() throws -> RegexNode {
    var branches = [try concatenation()]
    while peek == "|" {
      position += 1
      branches.append(try concatenation())
    }
    return branches.count == 1 ? branches[0] : .alternation(branches)
  }

  mutating func concatenation() throws -> RegexNode {
    var items: [RegexNode] = []
    while let next = peek, next != "|", next != ")" {
      if next == "$", position == scalars.count - 1 {
        position += 1
        break
      }
      let atom = try self.atom()
      items.append(try quantified(atom))
    }
    switch items.count {
    case 0: return .empty
    case 1: return items[0]
    default: return .concatenation(items)
    }
  }

  mutating func quantified(_ atom: RegexNode) throws -> RegexNode {
    var node = atom
    var quantifiedOnce = false
    while let next = peek {
      let start = position
      let bounds: (Int, Int?)
      switch next {
      case "*": bounds = (0, nil)
      case "+": bounds = (1, nil)
      case "?": bounds = (0, 1)
      case "{":
        guard let counted = try counts() else { return node }
        bounds = counted
      default: return node
      }
      if next != "{" { position += 1 }
      if quantifiedOnce {
        // `a**` and `a{2}{3}` are refused as most engines do; a lazy `?` changes nothing.
        if next == "?" { continue }
        throw RegexError(offset: start, "a quantifier cannot follow another quantifier")
      }
      node = .repetition(node, minimum: bounds.0, maximum: bounds.1)
      quantifiedOnce = true
    }
    return node
  }

  /// `{m}`, `{m,}` or `{m,n}` at `position`, or `nil` (and no advance) when `{` is not one.
  mutating func counts() throws -> (Int, Int?)? {
    let start = position
    var index = position + 1
    func number() -> Int?? {
      var digits = ""
      while index < scalars.count, ("0"..."9").contains(scalars[index]) {
        digits.unicodeScalars.append(scalars[index])
        index += 1
      }
      guard !digits.isEmpty else { return .some(nil) }
      return .some(digits.count > 6 ? Int.max : Int(digits))
    }
    guard let low = number() ?? nil else {
      throw RegexError(
        offset: start, "'{' must start a count {m}, {m,} or {m,n}; write \\{ for the character")
    }
    var high: Int? = low
    if index < scalars.count, scalars[index] == "," {
      index += 1
      high = number() ?? nil
    }
    guard index < scalars.count, scalars[index] == "}" else {
      throw RegexError(offset: start, "unterminated count: expected {m}, {m,} or {m,n}")
    }
    for value in [low, high].compactMap({ $0 }) where value > Self.maximumCount {
      throw RegexError(offset: start, "a count is at most \(Self.maximumCount), got \(value)")
    }
    if let high, high < low {
      throw RegexError(offset: start, "in {\(low),\(high)} the maximum is below the minimum")
    }
    position = index + 1
    return (low, high)
  }

  mutating func atom() throws -> RegexNode {
    let start = position
    guard let next = peek else { throw RegexError(offset: start, "the pattern ends early") }
    position += 1
    switch next {
    case "(":
      depth += 1
      defer { depth -= 1 }
      guard depth <= Self.maximumDepth else {
        throw RegexError(offset: start, "groups nest at most \(Self.maximumDepth) deep")
      }
      if peek == "?" {
        guard position + 1 < scalars.count, scalars[position + 1] == ":" else {
          throw RegexError(
            offset: start, "only (…) and (?:…) groups are supported (no lookaround, flags or names)"
          )
        }
        position += 2
      }
      let inner = try alternation()
      guard peek == ")" else { throw RegexError(offset: start, "unclosed '('") }
      position += 1
      return inner
    case "[": return try characterClass(start)
    case ".": return .scalarSet(ScalarSet.complement([10...10]))
    case "\\": return try escape(start).node
    case "*", "+", "?":
      throw RegexError(offset: start, "'\(next)' has nothing to repeat")
    case "{":
      position = start
      if try counts() != nil { throw RegexError(offset: start, "a count has nothing to repeat") }
      position = start + 1
      return .scalar(next)
    case "^", "$":
      throw RegexError(
        offset: start,
        "anchors are implicit (the whole output must match): '\(next)' is accepted only at the very start or end"
      )
    default: return .scalar(next)
    }
  }

  /// What an escape stands for: one scalar (usable in a class range) or a set.
  enum Escape {
    case scalar(Unicode.Scalar)
    case set([ClosedRange<UInt32>])

    var node: RegexNode {
      switch self {
      case .scalar(let scalar): return .scalar(scalar)
      case .set(let ranges): return .scalarSet(ranges)
      }
    }
  }

  static let digits: [ClosedRange<UInt32>] = [48...57]
  static let word: [ClosedRange<UInt32>] = [48...57, 65...90, 95...95, 97...122]
  static let space: [ClosedRange<UInt32>] = [9...13, 32...32]

  mutating func escape(_ start: Int) throws -> Escape {
    guard let next = peek else { throw RegexError(offset: start, "the pattern ends after '\\'") }
    position += 1
    switch next {
    case "d": return .set(Self.digits)
    case "D": return .set(ScalarSet.complement(Self.digits))
    case "w": return .set(Self.word)
    case "W": return .set(ScalarSet.complement(Self.word))
    case "s": return .set(Self.space)
    case "S": return .set(ScalarSet.complement(Self.space))
    case "n": return .scalar("\n")
    case "r": return .scalar("\r")
    case "t": return .scalar("\t")
    case "f": return .scalar("\u{0C}")
    case "v": return .scalar("\u{0B}")
    case "0": return .scalar("\u{0}")
    case "x": return .scalar(try hex(start, digits: 2))
    case "u":
      if peek == "{" {
        position += 1
        var value: UInt32 = 0
        var count = 0
        while let digit = peek, digit.properties.isASCIIHexDigit, count <= 6,
          let nibble = UInt32(String(digit), radix: 16)
        {
          value = value &* 16 &+ nibble
          count += 1
          position += 1
        }
        guard peek == "}", count > 0, count <= 6, let scalar = Unicode.Scalar(value) else {
          throw RegexError(offset: start, "\\u{…} must hold 1 to 6 hex digits of a scalar value")
        }
        position += 1
        return .scalar(scalar)
      }
      return .scalar(try hex(start, digits: 4))
    default:
      guard next.isASCII, next.properties.isPatternSyntax || next == " " else {
        throw RegexError(
          offset: start,
          "unsupported escape '\\\(next)' (supported: \\d \\D \\w \\W \\s \\S \\n \\r \\t \\f \\v \\0 \\xHH \\uHHHH \\u{H…}, and \\ before punctuation)"
        )
      }
      return .scalar(next)
    }
  }

  mutating func hex(_ start: Int, digits: Int) throws -> Unicode.Scalar {
    guard position + digits <= scalars.count,
      let value = UInt32(
        String(String.UnicodeScalarView(scalars[position..<position + digits])), radix: 16),
      let scalar = Unicode.Scalar(value)
    else {
      throw RegexError(offset: start, "expected \(digits) hex digits of a scalar value")
    }
    position += digits
    return scalar
  }

  mutating func characterClass(_ start: Int) throws -> RegexNode {
    var negated = false
    if peek == "^" {
      negated = true
      position += 1
    }
    var ranges: [ClosedRange<UInt32>] = []
    var first = true
    while true {
      guard let next = peek else { throw RegexError(offset: start, "unclosed '['") }
      if next == "]", !first { break }
      first = false
      let itemStart = position
      position += 1
      var low: Unicode.Scalar
      if next == "\\" {
        switch try escape(itemStart) {
        case .scalar(let scalar): low = scalar
        case .set(let set):
          ranges += set
          continue
        }
      } else if next == "[" {
        throw RegexError(
          offset: itemStart,
          "nested classes and [:name:] are not supported; write \\[ for the character")
      } else {
        low = next
      }
      if peek == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
        position += 1
        let highStart = position
        guard let upper = peek else { throw RegexError(offset: start, "unclosed '['") }
        position += 1
        var high = upper
        if upper == "\\" {
          guard case .scalar(let scalar) = try escape(highStart) else {
            throw RegexError(offset: highStart, "a class range must end in one character")
          }
          high = scalar
        }
        guard low.value <= high.value else {
          throw RegexError(offset: itemStart, "the range \(low)-\(high) runs backwards")
        }
        ranges.append(low.value...high.value)
      } else {
        ranges.append(low.value...low.value)
      }
    }
    position += 1
    let set = ScalarSet.normalized(ranges)
    return .scalarSet(negated ? ScalarSet.complement(set) : set)
  }
}

/// Sets of scalar values as sorted, disjoint, non-adjacent ranges.
enum ScalarSet {
  /// `ranges` sorted and merged.
  static func normalized(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
    var merged: [ClosedRange<UInt32>] = []
    for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
        merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
      } else {
        merged.append(range)
      }
    }
    return merged
  }

  /// Every scalar value (U+0000 to U+10FFFF) not in `ranges`.
  static func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
    var result: [ClosedRange<UInt32>] = []
    var next: UInt32 = 0
    for range in normalized(ranges) {
      if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
      next = range.upperBound &+ 1
      if range.upperBound >= 0x10FFFF { return result }
    }
    if next <= 0x10FFFF { result.append(next...0x10FFFF) }
    return result
  }
}
