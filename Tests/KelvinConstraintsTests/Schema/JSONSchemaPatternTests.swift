import Foundation
import KelvinIO
import KelvinSampling
import Testing

@testable import KelvinConstraints

/// JSON Schema → regex: each construct's matches are the JSON texts the schema's definition
/// accepts (checked with Swift's `Regex` on hand-made valid and invalid texts, and for
/// integer ranges against every integer in a window), and unsupported keywords are refused.
@Suite("JSON Schema pattern")
struct JSONSchemaPatternTests {
  static func pattern(_ schema: String) throws -> String {
    try JSONSchemaPattern.pattern(json: Array(schema.utf8), path: "schema.json")
  }

  static func accepts(_ pattern: String, _ text: String) throws -> Bool {
    let dfa = try ByteDFA(pattern: pattern)
    let state = dfa.next(dfa.start, Array(text.utf8))
    let ours = state >= 0 && dfa.accepting[Int(state)]
    // Swift's Regex as a second opinion on the same pattern.
    #expect(ours == (text.wholeMatch(of: try Regex(pattern)) != nil), "\(pattern) on \(text)")
    return ours
  }

  @Test("integer ranges: exactly the integers in [minimum, maximum], no leading zeros or -0")
  func integers() throws {
    let bounds: [(Int?, Int?)] = [
      (nil, nil), (0, nil), (7, nil), (nil, 12), (nil, -3), (-15, 15), (-120, -7), (3, 3),
      (0, 100), (19, 201), (-1, 0), (99, 1_000),
    ]
    for (minimum, maximum) in bounds {
      let pattern = try IntegerRange.pattern(minimum: minimum, maximum: maximum)
      let dfa = try ByteDFA(pattern: pattern)
      for value in -1_100...1_100 {
        let state = dfa.next(dfa.start, Array(String(value).utf8))
        let inRange = (minimum.map { value >= $0 } ?? true) && (maximum.map { value <= $0 } ?? true)
        #expect((state >= 0 && dfa.accepting[Int(state)]) == inRange, "\(pattern) \(value)")
      }
      for text in ["-0", "007", "+3", "", "1.0"] {
        let state = dfa.next(dfa.start, Array(text.utf8))
        #expect(!(state >= 0 && dfa.accepting[Int(state)]), "\(pattern) \(text)")
      }
    }
    #expect(throws: (any Error).self) { try IntegerRange.pattern(minimum: 5, maximum: 4) }
  }

  @Test("an object of every supported type accepts its instances and refuses near misses")
  func object() throws {
    let pattern = try Self.pattern(
      """
      {"type": "object", "title": "person",
       "properties": {
         "name": {"type": "string", "minLength": 1, "maxLength": 8},
         "age": {"type": "integer", "minimum": 0, "maximum": 130},
         "score": {"type": "number", "minimum": 0},
         "admin": {"type": "boolean"},
         "role": {"enum": ["user", "root", 3, null]},
         "tags": {"type": "array", "items": {"type": "string", "maxLength": 3}, "maxItems": 2},
         "note": {"type": "null"}
       },
       "required": ["name", "age", "admin", "role"]}
      """)
    for valid in [
      #"{"name":"Ann","age":30,"admin":true,"role":"user"}"#,
      #"{"name":"A\"b","age":0,"score":1.5e3,"admin":false,"role":3,"tags":[],"note":null}"#,
      #"{"name":"é日","age":130,"score":0,"admin":true,"role":null,"tags":["ab","c"]}"#,
    ] {
      #expect(try Self.accepts(pattern, valid), "\(valid)")
    }
    for invalid in [
      #"{"name":"","age":30,"admin":true,"role":"user"}"#,  // minLength
      #"{"name":"Ann","age":131,"admin":true,"role":"user"}"#,  // maximum
      #"{"name":"Ann","age":30,"admin":true,"role":"guest"}"#,  // enum
      #"{"age":30,"name":"Ann","admin":true,"role":"user"}"#,  // order
      #"{"name":"Ann","age":30,"role":"user"}"#,  // required admin
      #"{"name":"Ann","age":30,"admin":true,"role":"user","tags":["a","b","c"]}"#,  // maxItems
      #"{"name":"Ann","age":30,"score":-1,"admin":true,"role":"user"}"#,  // minimum 0
      #"{"name": "Ann","age":30,"admin":true,"role":"user"}"#,  // whitespace
    ] {
      #expect(try !Self.accepts(pattern, invalid), "\(invalid)")
    }
  }

  @Test("optional properties may each be left out, commas staying right")
  func optional() throws {
    let pattern = try Self.pattern(
      #"{"type":"object","properties":{"a":{"type":"null"},"b":{"type":"null"},"c":{"type":"null"}}}"#
    )
    let names = ["a", "b", "c"]
    for mask in 0..<8 {
      let present = names.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)
      let text = "{" + present.map { "\"\($0)\":null" }.joined(separator: ",") + "}"
      #expect(try Self.accepts(pattern, text), "\(text)")
    }
    #expect(try !Self.accepts(pattern, #"{,"b":null}"#))
    #expect(try !Self.accepts(pattern, #"{"a":null,}"#))
  }

  @Test("schemas too large for a pattern fail with an error naming the limit, quickly")
  func hostile() throws {
    func object(_ count: Int, required: Bool) -> String {
      let names = (0..<count).map { "\"p\($0)\"" }
      let properties = names.map { "\($0): {\"type\": \"boolean\"}" }.joined(separator: ",")
      let list = required ? ", \"required\": [" + names.joined(separator: ",") + "]" : ""
      return "{\"type\": \"object\", \"properties\": {\(properties)}\(list)}"
    }
    let messages = [
      (object(65, required: false), "not required"),
      (object(1_001, required: true), "at most 1000"),
      (object(4_000, required: true), "at most 1000"),
    ]
    for (schema, message) in messages {
      do {
        _ = try Self.pattern(schema)
        Issue.record("accepted a schema of \(schema.count) bytes")
      } catch let error as KelvinIOError {
        #expect(error.description.contains(message), "\(error)")
      }
    }
    // 900 required booleans make about 18,000 characters; an array writes its item twice
    // (`item(,item)*`), so six arrays around it make about 1.2 million.
    let wide = "{\"type\": \"array\", \"items\": " + object(900, required: true) + "}"
    let nested = (0..<5).reduce(wide) { inner, _ in "{\"type\": \"array\", \"items\": \(inner)}" }
    do {
      _ = try Self.pattern(nested)
      Issue.record("accepted a pattern beyond the limit")
    } catch let error as KelvinIOError {
      #expect(error.description.contains("above the limit"), "\(error)")
    }
    #expect(
      try Self.pattern(object(64, required: false)).count < RegexConstraint.maximumPatternLength)
  }

  @Test(
    "unsupported keywords and malformed schemas are errors naming where they stand",
    arguments: [
      (#"{"type":"string","pattern":"a+"}"#, "'pattern'"),
      (#"{"type":"object","properties":{"x":{"type":"number","maximum":3}}}"#, "/properties/x"),
      (#"{"type":"date"}"#, "type 'date'"), (#"{"enum":[]}"#, "enum"), ("[1]", "JSON object"),
      (#"{"type":"array"}"#, "items"), (#"{"type":"string","maxLength":1.5}"#, "maxLength"),
      (#"{"type":"object","properties":{},"required":["z"]}"#, "required"),
      (#"{"type":"integer","minimum":5,"maximum":4}"#, "minimum"),
    ])
  func refused(schema: String, mention: String) throws {
    do {
      _ = try Self.pattern(schema)
      Issue.record("accepted \(schema)")
    } catch let error as KelvinIOError {
      #expect(error.description.contains(mention), "\(error)")
    }
  }
}
