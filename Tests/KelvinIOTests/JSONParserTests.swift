import KelvinIO
import Testing

@Suite("JSON parser")
struct JSONParserTests {
  func parse(_ text: String, nonFinite: Bool = false) throws -> JSONNode {
    try JSONParser.parse(Array(text.utf8), allowsNonFiniteNumbers: nonFinite)
  }

  @Test("numbers follow the RFC 8259 grammar")
  func numbers() throws {
    #expect(try parse("[0, -0.5, 1e3, 2E-2, 10]") == .numbers([0, -0.5, 1000, 0.02, 10]))
    for bad in ["[01]", "[1.]", "[.5]", "[+1]", "[1e]", "[-]", "[NaN]", "[Infinity]"] {
      #expect(throws: JSONParser.SyntaxError.self) { try parse(bad) }
    }
  }

  @Test("NaN, Infinity and -Infinity are read when allowed, as Python writes them")
  func nonFinite() throws {
    guard case .numbers(let values) = try parse("[NaN, Infinity, -Infinity, 1]", nonFinite: true)
    else {
      Issue.record("expected numbers")
      return
    }
    #expect(values[0].isNaN && values[1] == .infinity && values[2] == -.infinity && values[3] == 1)
  }

  @Test("strings decode escapes and surrogate pairs, and reject bad UTF-8")
  func strings() throws {
    #expect(try parse(#"["a\"b\\c\/\n\u00e9\ud83d\ude00"]"#) == .array([.string("a\"b\\c/\né😀")]))
    #expect(throws: JSONParser.SyntaxError.self) { try parse(#"["\ud83d"]"#) }
    #expect(throws: JSONParser.SyntaxError.self) {
      try JSONParser.parse([0x5B, 0x22, 0xFF, 0x22, 0x5D])
    }
    #expect(throws: JSONParser.SyntaxError.self) { try parse("[\"tab\there\"]") }
  }

  @Test("objects keep their keys in order; lookups find them")
  func objects() throws {
    let node = try parse(#"{"b": [1, "x"], "a": {"c": null}, "t": true}"#)
    #expect(node["b"] == .array([.number(1, text: "1"), .string("x")]))
    #expect(node["a"]?["c"] == .null)
    #expect(node["t"] == .bool(true))
  }

  @Test("errors name the byte offset")
  func errorOffsets() {
    let error = #expect(throws: JSONParser.SyntaxError.self) { try parse("[1, 2,, 3]") }
    #expect(error?.description == "invalid JSON at byte 6: expected a JSON value")
  }

  @Test("nesting is bounded")
  func depth() throws {
    let ok = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
    _ = try parse(ok)
    let deep = String(repeating: "[", count: 129) + String(repeating: "]", count: 129)
    #expect(throws: JSONParser.SyntaxError.self) { try parse(deep) }
  }
}
