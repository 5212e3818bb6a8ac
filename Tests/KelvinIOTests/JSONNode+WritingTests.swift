import Foundation
import KelvinIO
import Testing

@Suite("JSON output")
struct JSONNodeTests {
  @Test("non-finite numbers are written as null")
  func nonFiniteIsNull() {
    #expect(JSONNode.numbers([1, .nan, .infinity, -.infinity]).serialized == "[1,null,null,null]")
  }

  @Test("numbers are valid JSON and read back exactly")
  func numbersRoundTrip() throws {
    let values = [
      0.1, 1e-300, Double.leastNonzeroMagnitude, -2.5, 1.7976931348623157e308, 0.6439142598879722,
    ]
    let text = JSONNode.numbers(values).serialized
    // Valid JSON by Foundation's parser; exactness by Swift's correctly rounded Double(String),
    // since Foundation's JSON number parser on Linux is off by an ulp on some inputs.
    let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any]
    #expect(parsed?.count == values.count)
    let tokens = text.dropFirst().dropLast().split(separator: ",").map { Double(String($0)) }
    #expect(tokens == values)
  }

  @Test("strings are escaped as RFC 8259 requires")
  func stringEscaping() throws {
    let original = "quote \" backslash \\ newline \n tab \t bell \u{07} τ"
    let text = JSONNode.object([("s", .string(original))]).serialized
    let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    #expect(parsed?["s"] as? String == original)
  }

  @Test("a parsed document is written back as it was read, numbers in their own spelling")
  func parsedRoundTrip() throws {
    let text =
      #"{"a":[1,2.5,-3e2],"b":{"c":"τ\n","d":[true,null,{"e":12345678901234567}]},"f":1.0}"#
    let node = try JSONParser.parse(Array(text.utf8))
    #expect(node.serialized == text.replacingOccurrences(of: "-3e2", with: "-300"))
    #expect(try JSONParser.parse(Array(node.serialized.utf8)) == node)
  }

  @Test("whole numbers built in code are written exactly, beyond 2⁵³ too")
  func integersExact() {
    #expect(JSONNode.integer(9_007_199_254_740_993).serialized == "9007199254740993")
    #expect(JSONNode.number(2).serialized == "2")
  }

  @Test("object keys keep their order")
  func keyOrder() {
    let value = JSONNode.object([("b", .integer(1)), ("a", .null), ("c", .bool(true))])
    #expect(value.serialized == #"{"b":1,"a":null,"c":true}"#)
  }
}
