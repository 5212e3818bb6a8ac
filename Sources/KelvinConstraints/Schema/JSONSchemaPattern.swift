import KelvinIO
import KelvinSampling

/// A JSON Schema (a documented subset) as a regular expression of Kelvin's subset whose
/// matches are exactly the compact JSON texts (no whitespace) the schema accepts, properties
/// in the schema's order.
///
/// The subset (docs/CONSTRAINTS.md): `type` `object` (with `properties`, `required`; a
/// property not required may be left out), `string` (`minLength`, `maxLength`, counting
/// characters, an escape as one), `integer` (`minimum`, `maximum`: any integer bounds),
/// `number` (`minimum: 0` only, which removes the sign), `boolean`, `null`, `array` (`items`,
/// `minItems`, `maxItems`); `enum` and `const` of strings, numbers, booleans and null.
/// Annotations (`title`, `description`, `$schema`, `$id`, `examples`, `default`,
/// `additionalProperties`) are ignored; any other keyword is an error naming it and where it
/// stands, rather than a pattern that accepts what the schema refuses.
public enum JSONSchemaPattern {
  /// The deepest nesting of schemas accepted.
  public static let maximumDepth = 32
  /// The largest count (`maxLength`, `maxItems`) accepted.
  public static let maximumCount = 1_000
  /// The most properties an object may list.
  public static let maximumProperties = 1_000
  /// The most optional (not required) properties an object may list: the pattern grows as
  /// their square.
  public static let maximumOptionalProperties = 64

  static let annotations: Set<String> = [
    "title", "description", "$schema", "$id", "examples", "default", "additionalProperties",
    "$comment",
  ]

  /// The pattern of the schema in `bytes`.
  ///
  /// - Throws: ``KelvinIOError`` (malformed) naming the file, the JSON pointer of the schema
  ///   concerned and the problem.
  public static func pattern(json bytes: [UInt8], path: String) throws -> String {
    let root: JSONNode
    do {
      root = try JSONParser.parse(bytes, compactsNumbers: false)
    } catch let error as JSONParser.SyntaxError {
      throw KelvinIOError.malformed(path, error.description)
    }
    do {
      let pattern = try pattern(root, at: "", depth: 0)
      guard pattern.unicodeScalars.count <= RegexConstraint.maximumPatternLength else {
        throw SchemaProblem(
          pointer: "",
          message:
            "the schema becomes a pattern of \(pattern.unicodeScalars.count) characters, above the limit of \(RegexConstraint.maximumPatternLength)"
        )
      }
      return pattern
    } catch let error as SchemaProblem {
      throw KelvinIOError.malformed(
        path, "schema at \(error.pointer.isEmpty ? "the root" : error.pointer): \(error.message)")
    }
  }

  struct SchemaProblem: Error {
    let pointer: String
    let message: String
  }

  static func pattern(_ schema: JSONNode, at pointer: String, depth: Int) throws -> String {
    func fail(_ message: String) -> SchemaProblem {
      SchemaProblem(pointer: pointer, message: message)
    }
    guard depth <= maximumDepth else { throw fail("schemas nest at most \(maximumDepth) deep") }
    guard case .object(let members) = schema else { throw fail("a schema is a JSON object") }
    let keys = Set(members.map(\.0))
    if let values = schema["enum"]?.elements ?? schema["const"].map({ [$0] }) {
      guard !values.isEmpty else { throw fail("enum lists no value") }
      let extra = keys.subtracting(annotations).subtracting(["enum", "const", "type"])
      if let key = extra.sorted().first { throw fail("'\(key)' beside enum is not supported") }
      return "(" + (try values.map { try literal($0, fail) }).joined(separator: "|") + ")"
    }
    guard case .string(let type)? = schema["type"] else {
      throw fail("'type' must be one of object, string, integer, number, boolean, null, array")
    }
    let allowed: Set<String>
    switch type {
    case "object": allowed = ["properties", "required"]
    case "string": allowed = ["minLength", "maxLength"]
    case "integer", "number": allowed = ["minimum", "maximum"]
    case "array": allowed = ["items", "minItems", "maxItems"]
    case "boolean", "null": allowed = []
    default:
      throw fail(
        "type '\(type)' is not one of object, string, integer, number, boolean, null, array")
    }
    let unsupported = keys.subtracting(annotations).subtracting(allowed).subtracting(["type"])
    if let key = unsupported.sorted().first {
      throw fail(
        "'\(key)' is not supported for type \(type) (supported: \(allowed.sorted().joined(separator: ", ")))"
      )
    }
    func count(_ key: String, default value: Int?) throws -> Int? {
      guard let node = schema[key] else { return value }
      guard let count = node.exactNonNegativeInteger, count <= maximumCount else {
        throw fail("\(key) must be a whole number from 0 to \(maximumCount)")
      }
      return count
    }
    switch type {
    case "object": return try object(schema, at: pointer, depth: depth, fail)
    case "string":
      let low = try count("minLength", default: 0) ?? 0
      let high = try count("maxLength", default: nil)
      if let high, high < low { throw fail("maxLength \(high) is below minLength \(low)") }
      let character = #"([^"\\\x00-\x1F]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})"#
      return #"""# + character + repetition(low, high) + #"""#
    case "integer":
      let minimum = try bound("minimum", schema, fail)
      let maximum = try bound("maximum", schema, fail)
      if let minimum, let maximum, minimum > maximum {
        throw fail("minimum \(minimum) is above maximum \(maximum)")
      }
      return try IntegerRange.pattern(minimum: minimum, maximum: maximum)
    case "number":
      if let minimum = schema["minimum"] {
        guard case .number(let value, _) = minimum, value == 0 else {
          throw fail(
            "for type number only minimum 0 is expressible (use type integer for other bounds)")
        }
      }
      if schema["maximum"] != nil {
        throw fail("for type number a maximum is not expressible (use type integer)")
      }
      let sign = schema["minimum"] == nil ? "-?" : ""
      return sign + #"(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+\-]?[0-9]+)?"#
    case "boolean": return "(true|false)"
    case "null": return "null"
    default:
      guard let items = schema["items"] else { throw fail("an array needs 'items'") }
      let item = try pattern(items, at: pointer + "/items", depth: depth + 1)
      let low = try count("minItems", default: 0) ?? 0
      let high = try count("maxItems", default: nil)
      if let high, high < low { throw fail("maxItems \(high) is below minItems \(low)") }
      if high == 0 { return #"\[\]"# }
      let rest = "(," + item + ")" + repetition(max(low - 1, 0), high.map { $0 - 1 })
      let list = item + rest
      return low == 0 ? #"\[("# + list + #")?\]"# : #"\["# + list + #"\]"#
    }
  }

  static func repetition(_ low: Int, _ high: Int?) -> String {
    switch (low, high) {
    case (0, nil): return "*"
    case (1, nil): return "+"
    case (_, nil): return "{\(low),}"
    case (_, let high?) where high == low: return "{\(low)}"
    case (_, let high?): return "{\(low),\(high)}"
    }
  }

  static func bound(_ key: String, _ schema: JSONNode, _ fail: (String) -> SchemaProblem) throws
    -> Int?
  {
    guard let node = schema[key] else { return nil }
    guard case .number(_, let text) = node, let value = Int(text),
      abs(value) <= IntegerRange.limit
    else {
      throw fail("\(key) must be an integer within ±\(IntegerRange.limit)")
    }
    return value
  }

  static func object(
    _ schema: JSONNode, at pointer: String, depth: Int, _ fail: (String) -> SchemaProblem
  ) throws -> String {
    guard case .object(let properties)? = schema["properties"] ?? .object([]) else {
      throw fail("'properties' must be an object")
    }
    var required = Set<String>()
    if let list = schema["required"] {
      guard let names = list.elements else { throw fail("'required' must be a list of names") }
      for name in names {
        guard case .string(let text) = name, properties.contains(where: { $0.0 == text }) else {
          throw fail("'required' names a property that 'properties' does not define")
        }
        required.insert(text)
      }
    }
    guard properties.count <= maximumProperties else {
      throw fail("an object lists at most \(maximumProperties) properties, got \(properties.count)")
    }
    let optional = properties.count - required.count
    guard optional <= maximumOptionalProperties else {
      throw fail(
        "an object may have at most \(maximumOptionalProperties) properties that are not required, got \(optional)"
      )
    }
    let members = try properties.map { name, value in
      (
        try literal(.string(name), fail) + ":"
          + (try pattern(value, at: pointer + "/properties/" + name, depth: depth + 1)),
        required.contains(name)
      )
    }
    return #"\{"# + optionalList(members[...]) + #"\}"#
  }

  /// Members joined by commas, the optional ones each left out or not: the alternatives are
  /// by which member comes first, so the size grows as the square of the optional count.
  static func optionalList(_ members: ArraySlice<(String, Bool)>) -> String {
    guard let first = members.first else { return "" }
    let rest = members.dropFirst().map { $0.1 ? "," + $0.0 : "(," + $0.0 + ")?" }.joined()
    let withFirst = first.0 + rest
    if first.1 { return withFirst }
    let without = optionalList(members.dropFirst())
    return "(" + withFirst + "|" + without + ")"
  }

  /// A JSON value's compact text, escaped as a regex literal.
  static func literal(_ value: JSONNode, _ fail: (String) -> SchemaProblem) throws -> String {
    let text: String
    switch value {
    case .string(let string):
      var literal = ""
      JSONStringEscaping.write(string, to: &literal)
      text = literal
    case .number(_, let number): text = number
    case .bool(let flag): text = flag ? "true" : "false"
    case .null: text = "null"
    default: throw fail("enum and const values must be strings, numbers, booleans or null")
    }
    var escaped = ""
    for scalar in text.unicodeScalars {
      if scalar.isASCII, scalar.properties.isPatternSyntax { escaped.unicodeScalars.append("\\") }
      escaped.unicodeScalars.append(scalar)
    }
    return escaped
  }

}

/// Regular expressions for the decimal integers in a range (no leading zeros, no `-0`).
enum IntegerRange {
  /// The largest bound magnitude accepted (15 digits).
  static let limit = 999_999_999_999_999

  /// The integers in `[minimum, maximum]`, either end open when `nil`.
  static func pattern(minimum: Int?, maximum: Int?) throws -> String {
    var alternatives: [String] = []
    // Negative part: -m for magnitudes m in [max(1, −maximum), −minimum].
    if minimum.map({ $0 <= -1 }) ?? true {
      let magnitudeLow = maximum.map { max(1, -$0) } ?? 1
      let magnitudeHigh = minimum.map { -$0 }
      if magnitudeHigh.map({ $0 >= magnitudeLow }) ?? true,
        let part = nonNegative(magnitudeLow, magnitudeHigh)
      {
        alternatives.append("-(" + part + ")")
      }
    }
    // Non-negative part: [max(0, minimum), maximum].
    if maximum.map({ $0 >= 0 }) ?? true, let part = nonNegative(max(0, minimum ?? 0), maximum) {
      alternatives.append(part)
    }
    guard !alternatives.isEmpty else {
      throw JSONSchemaPattern.SchemaProblem(pointer: "", message: "minimum is above maximum")
    }
    return "(" + alternatives.joined(separator: "|") + ")"
  }

  /// The integers in `[low, high]` (`high` nil: unbounded), `low ≥ 0`, or `nil` when empty.
  static func nonNegative(_ low: Int, _ high: Int?) -> String? {
    if let high, high < low { return nil }
    let lowDigits = String(low).count
    guard let high else {
      // [low, 10^d − 1] and every number with more digits.
      let top = Int(String(repeating: "9", count: lowDigits)) ?? 0
      let bounded = nonNegative(low, top) ?? ""
      return bounded + "|[1-9][0-9]{\(lowDigits),}"
    }
    var parts: [String] = []
    for digits in lowDigits...String(high).count {
      let start = digits == 1 ? 0 : Int("1" + String(repeating: "0", count: digits - 1)) ?? 0
      let end = Int(String(repeating: "9", count: digits)) ?? 0
      let a = max(low, start)
      let b = min(high, end)
      if a <= b { parts += sameLength(Array(String(a)), Array(String(b))) }
    }
    return parts.joined(separator: "|")
  }

  /// The digit strings of one length between `a` and `b` (inner digits may be 0).
  static func sameLength(_ a: [Character], _ b: [Character]) -> [String] {
    guard let first = a.first, let last = b.first else { return [""] }
    if a.count == 1 { return [first == last ? String(first) : "[\(first)-\(last)]"] }
    let tailA = Array(a.dropFirst())
    let tailB = Array(b.dropFirst())
    if first == last { return sameLength(tailA, tailB).map { String(first) + $0 } }
    let zeros = [Character](repeating: "0", count: tailA.count)
    let nines = [Character](repeating: "9", count: tailA.count)
    if tailA == zeros, tailB == nines { return ["[\(first)-\(last)][0-9]{\(tailA.count)}"] }
    var parts = sameLength(tailA, nines).map { String(first) + $0 }
    let nextFirst = Character(String(first.wholeNumberValue.map { $0 + 1 } ?? 0))
    let previousLast = Character(String(last.wholeNumberValue.map { $0 - 1 } ?? 0))
    if nextFirst <= previousLast {
      parts.append(
        (nextFirst == previousLast ? String(nextFirst) : "[\(nextFirst)-\(previousLast)]")
          + "[0-9]{\(tailA.count)}")
    }
    parts += sameLength(zeros, tailB).map { String(last) + $0 }
    return parts
  }
}
