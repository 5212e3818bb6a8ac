import Foundation
import KelvinCommandLine
import Testing

@Suite("JSON output")
struct JSONValueTests {
  @Test("non-finite numbers are written as null")
  func nonFiniteIsNull() {
    #expect(JSONValue.numbers([1, .nan, .infinity, -.infinity]).serialized == "[1,null,null,null]")
  }

  @Test("numbers are valid JSON and read back exactly")
  func numbersRoundTrip() throws {
    let values = [
      0.1, 1e-300, Double.leastNonzeroMagnitude, -2.5, 1.7976931348623157e308, 0.6439142598879722,
    ]
    let text = JSONValue.numbers(values).serialized
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
    let text = JSONValue.object([("s", .string(original))]).serialized
    #expect(try parseJSON(text)["s"] as? String == original)
  }

  @Test("object keys keep their order")
  func keyOrder() {
    let value = JSONValue.object([("b", .integer(1)), ("a", .null), ("c", .bool(true))])
    #expect(value.serialized == #"{"b":1,"a":null,"c":true}"#)
  }
}
