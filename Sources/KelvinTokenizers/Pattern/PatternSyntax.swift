/// A parsed pattern: the subset of Oniguruma's Ruby syntax that `tokenizer.json` patterns use.
///
/// Supported: literals and escapes (`\n`, `\t`, `\xHH`, `\x{H…}`, `\uHHHH`, escaped
/// punctuation), `.`, classes `[…]` with ranges, negation and nesting, `\d \D \s \S \w \W
/// \h \H`, `\p{…}`/`\P{…}`/`\p{^…}` for L, Lu, Ll, M, N, Nd, P, S, Z, C and their long names,
/// groups `(…)`, `(?:…)`, `(?<name>…)`, `(?i:…)`, `(?i)`, `(?m:…)`, atomic `(?>…)`,
/// lookahead `(?=…)` and `(?!…)`, the quantifiers `* + ? {n} {n,} {n,m} {,m}` greedy, lazy
/// (`?`) or possessive (`+`), and the anchors `^ $ \A \z \Z \b \B`. Anything else is an error
/// naming what and where, rather than a different match.
indirect enum PatternNode: Sendable {
  /// One scalar from a set.
  case set(ScalarSet)
  /// Each node in turn.
  case sequence([PatternNode])
  /// The first alternative that leads to a match.
  case alternation([PatternNode])
  /// A repetition (`maximum` nil: unbounded).
  case repeated(PatternNode, minimum: Int, maximum: Int?, greedy: Bool, possessive: Bool)
  /// A zero-width assertion that the node matches (or not) here.
  case lookahead(PatternNode, negated: Bool)
  /// The node's first match, never revisited.
  case atomic(PatternNode)
  /// A zero-width position test.
  case anchor(PatternAnchor)
}

/// The zero-width position tests.
enum PatternAnchor: Sendable {
  case lineStart, lineEnd, textStart, textEnd, textEndOrFinalNewline, wordBoundary,
    notWordBoundary
}

/// Parses pattern text into a ``PatternNode``.
struct PatternParser {
  private let scalars: [UInt32]
  private var index = 0
  private let tables: UnicodeTables
  private let source: String

  /// The deepest group nesting accepted.
  static let maximumDepth = 64
  /// The largest repetition count accepted in `{n,m}`.
  static let maximumCount = 1000

  init(_ pattern: String, tables: UnicodeTables) {
    scalars = pattern.unicodeScalars.map(\.value)
    self.tables = tables
    source = pattern
  }

  struct Flags {
    var caseInsensitive = false
    var dotMatchesNewline = false
  }

  private func error(_ message: String) -> TokenizerError {
    .pattern(source, "\(message) at character \(index)")
  }

  /// Parses the whole pattern.
  mutating func parse() throws(TokenizerError) -> PatternNode {
    var flags = Flags()
    let node = try parseAlternation(flags: &flags, depth: 0)
    guard index == scalars.count else { throw error("unbalanced ')'") }
    return node
  }

  private var current: UInt32? { index < scalars.count ? scalars[index] : nil }

  private mutating func take(_ scalar: Character) -> Bool {
    guard let current, let value = scalar.unicodeScalars.first?.value, current == value else {
      return false
    }
    index += 1
    return true
  }

  private mutating func parseAlternation(flags: inout Flags, depth: Int) throws(TokenizerError)
    -> PatternNode
  {
    guard depth <= Self.maximumDepth else {
      throw error("groups nested deeper than \(Self.maximumDepth)")
    }
    var branches: [PatternNode] = []
    var items: [PatternNode] = []
    while let scalar = current {
      if scalar == 0x7C {  // |
        index += 1
        branches.append(.sequence(items))
        items = []
        continue
      }
      if scalar == 0x29 { break }  // )
      if let atom = try parseAtom(flags: &flags, depth: depth) {
        items.append(try parseQuantifier(atom))
      }
    }
    branches.append(.sequence(items))
    return branches.count == 1 ? branches[0] : .alternation(branches)
  }

  private mutating func parseQuantifier(_ atom: PatternNode) throws(TokenizerError) -> PatternNode {
    var node = atom
    while let scalar = current {
      var minimum = 0
      var maximum: Int? = nil
      switch scalar {
      case 0x2A: index += 1  // *
      case 0x2B: index += 1; minimum = 1  // +
      case 0x3F: index += 1; maximum = 1  // ?
      case 0x7B:  // {
        let start = index
        guard let bounds = parseBounds() else {
          index = start
          return node  // a literal '{' (Oniguruma reads an invalid interval as text)
        }
        (minimum, maximum) = bounds
      default: return node
      }
      if case .anchor = node { throw error("a quantifier after an anchor") }
      if case .lookahead = node { throw error("a quantifier after a lookahead") }
      var greedy = true
      var possessive = false
      if take("?") {
        greedy = false
      } else if take("+"), scalar != 0x7B {
        possessive = true
      }
      node = .repeated(
        node, minimum: minimum, maximum: maximum, greedy: greedy, possessive: possessive)
    }
    return node
  }

  /// `{n}`, `{n,}`, `{n,m}` or `{,m}`, or nil when the brace is not an interval.
  private mutating func parseBounds() -> (Int, Int?)? {
    index += 1
    func number(_ parser: inout PatternParser) -> Int? {
      var value = 0
      var digits = 0
      while let scalar = parser.current, scalar >= 0x30, scalar <= 0x39, digits < 5 {
        value = value * 10 + Int(scalar - 0x30)
        digits += 1
        parser.index += 1
      }
      return digits > 0 ? value : nil
    }
    let low = number(&self)
    if take("}") {
      guard let low, low <= Self.maximumCount else { return nil }
      return (low, low)
    }
    guard take(",") else { return nil }
    let high = number(&self)
    guard take("}"), low != nil || high != nil else { return nil }
    let minimum = low ?? 0
    if let high, high < minimum || high > Self.maximumCount { return nil }
    guard minimum <= Self.maximumCount else { return nil }
    return (minimum, high)
  }

  private mutating func parseAtom(flags: inout Flags, depth: Int) throws(TokenizerError)
    -> PatternNode?
  {
    guard let scalar = current else { return nil }
    index += 1
    switch scalar {
    case 0x28: return try parseGroup(flags: &flags, depth: depth)  // (
    case 0x5B: return .set(try parseClass(flags: flags, depth: depth))  // [
    case 0x2E:  // .
      var set = ScalarSet(0x0A)
      if flags.dotMatchesNewline { set.ranges = [] }
      set.isNegated = true
      return .set(set)
    case 0x5E: return .anchor(.lineStart)  // ^
    case 0x24: return .anchor(.lineEnd)  // $
    case 0x5C: return try parseEscape(flags: flags, inClass: false)
    case 0x2A, 0x2B, 0x3F: throw error("a quantifier with nothing to repeat")
    default: return .set(literal(scalar, flags: flags))
    }
  }

  private mutating func parseGroup(flags: inout Flags, depth: Int) throws(TokenizerError)
    -> PatternNode
  {
    var inner = flags
    var kind = 0  // 0 group, 1 lookahead, 2 negative lookahead, 3 atomic
    if take("?") {
      if take(":") {
      } else if take("=") {
        kind = 1
      } else if take("!") {
        kind = 2
      } else if take(">") {
        kind = 3
      } else if take("<") {
        if current == 0x3D || current == 0x21 { throw error("lookbehind is not supported") }
        while let scalar = current, scalar != 0x3E { index += 1 }
        guard take(">") else { throw error("unterminated group name") }
      } else {
        // Inline flags: (?i) (?-i) (?i:…) (?im-x:…).
        var on = true
        var scoped = false
        while let scalar = current {
          index += 1
          switch scalar {
          case 0x69: inner.caseInsensitive = on  // i
          case 0x6D: inner.dotMatchesNewline = on  // m (Ruby: dot matches newline)
          case 0x2D: on = false  // -
          case 0x3A: scoped = true  // :
          case 0x29:  // )
            flags = inner  // (?i) applies to the rest of the enclosing group
            return .sequence([])
          default:
            throw error(
              "unsupported group flag '\(Unicode.Scalar(scalar).map(String.init) ?? "?")'")
          }
          if scoped { break }
        }
        guard scoped else { throw error("unterminated group") }
      }
    }
    let body = try parseAlternation(flags: &inner, depth: depth + 1)
    guard take(")") else { throw error("missing ')'") }
    switch kind {
    case 1: return .lookahead(body, negated: false)
    case 2: return .lookahead(body, negated: true)
    case 3: return .atomic(body)
    default: return body
    }
  }

  /// The set matching `scalar`, with its case variants when case-insensitive.
  private func literal(_ scalar: UInt32, flags: Flags) -> ScalarSet {
    var set = ScalarSet(scalar)
    if flags.caseInsensitive { set.ranges = caseVariants(of: scalar).map { $0...$0 } }
    return set
  }

  /// The scalars `(?i)` matches for `scalar`: Oniguruma's, read from the tables, for ASCII
  /// letters; the simple lower- and uppercase mappings otherwise.
  private func caseVariants(of scalar: UInt32) -> [UInt32] {
    let lower = scalar >= 0x41 && scalar <= 0x5A ? scalar + 0x20 : scalar
    if let folds = tables.caseFolds[lower] { return folds }
    guard let character = Unicode.Scalar(scalar) else { return [scalar] }
    var variants: Set<UInt32> = [scalar]
    for mapping in [character.properties.lowercaseMapping, character.properties.uppercaseMapping]
    where mapping.unicodeScalars.count == 1 {
      if let first = mapping.unicodeScalars.first { variants.insert(first.value) }
    }
    return variants.sorted()
  }

  private mutating func parseClass(flags: Flags, depth: Int) throws(TokenizerError) -> ScalarSet {
    guard depth <= Self.maximumDepth else { throw error("classes nested too deep") }
    var set = ScalarSet()
    set.ranges = []
    if take("^") { set.isNegated = true }
    var first = true
    while true {
      guard let scalar = current else { throw error("missing ']'") }
      if scalar == 0x5D, !first {  // ]
        index += 1
        break
      }
      first = false
      if scalar == 0x26, index + 1 < scalars.count, scalars[index + 1] == 0x26 {
        throw error("class intersection '&&' is not supported")
      }
      if scalar == 0x5B {  // nested class
        index += 1
        set.subsets.append(try parseClass(flags: flags, depth: depth + 1))
        continue
      }
      index += 1
      var low: UInt32
      if scalar == 0x5C {
        guard case .set(let escaped) = try parseEscape(flags: flags, inClass: true) else {
          throw error("an anchor inside a class")
        }
        if escaped.ranges.count == 1, escaped.subsets.isEmpty, escaped.properties.isEmpty,
          escaped.missingProperties.isEmpty, !escaped.isNegated,
          escaped.ranges[0].lowerBound == escaped.ranges[0].upperBound
        {
          low = escaped.ranges[0].lowerBound
        } else {
          set.subsets.append(escaped)
          continue
        }
      } else {
        low = scalar
      }
      // A range a-b (a '-' before ']' is a literal).
      if current == 0x2D, index + 1 < scalars.count, scalars[index + 1] != 0x5D {
        index += 1
        guard var high = current else { throw error("missing ']'") }
        index += 1
        if high == 0x5C {
          guard case .set(let escaped) = try parseEscape(flags: flags, inClass: true),
            escaped.ranges.count == 1, escaped.subsets.isEmpty
          else { throw error("a class as the end of a range") }
          high = escaped.ranges[0].lowerBound
        }
        guard low <= high else { throw error("a range out of order") }
        set.ranges.append(low...high)
        if flags.caseInsensitive {
          for value in low...min(high, 0x7F)
          where (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) {
            set.ranges.append(contentsOf: caseVariants(of: value).map { $0...$0 })
          }
        }
      } else {
        set.ranges.append(contentsOf: literal(low, flags: flags).ranges)
      }
    }
    return set
  }

  private mutating func parseEscape(flags: Flags, inClass: Bool) throws(TokenizerError)
    -> PatternNode
  {
    guard let scalar = current else { throw error("a pattern ending in '\\'") }
    index += 1
    func property(_ property: UnicodeTables.Property, negated: Bool) -> PatternNode {
      var set = ScalarSet()
      if negated { set.missingProperties = [property] } else { set.properties = property }
      return .set(set)
    }
    switch Unicode.Scalar(scalar).map(Character.init) {
    case "d": return property(.digit, negated: false)
    case "D": return property(.digit, negated: true)
    case "s": return property(.space, negated: false)
    case "S": return property(.space, negated: true)
    case "w": return property(.word, negated: false)
    case "W": return property(.word, negated: true)
    case "h", "H":
      var set = ScalarSet()
      set.ranges = [0x30...0x39, 0x41...0x46, 0x61...0x66]
      set.isNegated = scalar == 0x48
      return .set(set)
    case "p", "P": return try parseProperty(negated: scalar == 0x50)
    case "n": return .set(ScalarSet(0x0A))
    case "r": return .set(ScalarSet(0x0D))
    case "t": return .set(ScalarSet(0x09))
    case "f": return .set(ScalarSet(0x0C))
    case "v": return .set(ScalarSet(0x0B))
    case "a": return .set(ScalarSet(0x07))
    case "e": return .set(ScalarSet(0x1B))
    case "0": return .set(ScalarSet(0))
    case "x":
      if take("{") {
        let value = try hex(maximumDigits: 8)
        guard take("}") else { throw error("missing '}' in \\x{…}") }
        return .set(literal(value, flags: flags))
      }
      return .set(literal(try hex(maximumDigits: 2), flags: flags))
    case "u": return .set(literal(try hex(maximumDigits: 4, exactly: true), flags: flags))
    case "A" where !inClass: return .anchor(.textStart)
    case "z" where !inClass: return .anchor(.textEnd)
    case "Z" where !inClass: return .anchor(.textEndOrFinalNewline)
    case "b" where !inClass: return .anchor(.wordBoundary)
    case "B" where !inClass: return .anchor(.notWordBoundary)
    default:
      let isLetterOrDigit =
        (0x30...0x39).contains(scalar) || (0x41...0x5A).contains(scalar)
        || (0x61...0x7A).contains(scalar)
      guard !isLetterOrDigit else {
        throw error("unsupported escape '\\\(Unicode.Scalar(scalar).map(String.init) ?? "?")'")
      }
      return .set(literal(scalar, flags: flags))
    }
  }

  private mutating func hex(maximumDigits: Int, exactly: Bool = false) throws(TokenizerError)
    -> UInt32
  {
    var value: UInt32 = 0
    var digits = 0
    while digits < maximumDigits, let scalar = current {
      let digit: UInt32
      switch scalar {
      case 0x30...0x39: digit = scalar - 0x30
      case 0x41...0x46: digit = scalar - 0x41 + 10
      case 0x61...0x66: digit = scalar - 0x61 + 10
      default: digit = 16
      }
      guard digit < 16 else { break }
      value = value << 4 | digit
      digits += 1
      index += 1
    }
    guard digits > 0, !exactly || digits == maximumDigits, value < 0x110000,
      !(0xD800..<0xE000).contains(value)
    else { throw error("an invalid hexadecimal escape") }
    return value
  }

  private mutating func parseProperty(negated: Bool) throws(TokenizerError) -> PatternNode {
    var negated = negated
    var name = ""
    if take("{") {
      if take("^") { negated.toggle() }
      while let scalar = current, scalar != 0x7D {
        name.unicodeScalars.append(Unicode.Scalar(scalar) ?? "?")
        index += 1
      }
      guard take("}") else { throw error("missing '}' in \\p{…}") }
    } else if let scalar = current {
      name.unicodeScalars.append(Unicode.Scalar(scalar) ?? "?")
      index += 1
    }
    let properties: [String: UnicodeTables.Property] = [
      "L": .letter, "Letter": .letter, "N": .number, "Number": .number, "M": .mark,
      "Mark": .mark, "P": .punctuation, "Punctuation": .punctuation, "S": .symbol,
      "Symbol": .symbol, "Z": .separator, "Separator": .separator, "C": .other,
      "Other": .other, "Lu": .uppercaseLetter, "Uppercase_Letter": .uppercaseLetter,
      "Ll": .lowercaseLetter, "Lowercase_Letter": .lowercaseLetter, "Nd": .digit,
      "Decimal_Number": .digit,
    ]
    guard let property = properties[name] else {
      throw error("unsupported property \\p{\(name)}")
    }
    var set = ScalarSet()
    if negated { set.missingProperties = [property] } else { set.properties = property }
    return .set(set)
  }
}
