import KelvinIO
import Testing

/// The streaming JSON reader: it visits what the parser builds, in file order, and refuses
/// what the parser refuses.
@Suite("JSON reader")
struct JSONReaderTests {
  @Test("objects and arrays are visited in order; values read as the parser builds them")
  func visits() throws {
    var reader = JSONReader(Array(#" {"a": [1, "x", {"b": null}], "c": true} "#.utf8))
    var seen: [String] = []
    try reader.readObject { key, value in
      seen.append(key)
      if key == "a" {
        try value.readArray { index, element in
          seen.append("\(index):\(try element.peek())")
          try element.skipValue()
        }
      } else {
        #expect(try value.readNode() == .bool(true))
      }
    }
    try reader.finish()
    #expect(seen == ["a", "0:number", "1:string", "2:object", "c"])
  }

  @Test("duplicate keys are refused (compared as bytes), unless the caller checks them itself")
  func duplicates() throws {
    var twice = JSONReader(Array(#"{"a": 1, "a": 2}"#.utf8))
    #expect(throws: JSONParser.SyntaxError.self) {
      try twice.readObject { _, v in try v.skipValue() }
    }
    // "é" and "e\u0301" are different keys (Swift's String == would call them equal).
    var distinct = JSONReader(Array(#"{"\u00e9": 1, "e\u0301": 2}"#.utf8))
    var count = 0
    try distinct.readObject { _, value in
      count += 1
      try value.skipValue()
    }
    #expect(count == 2)
    var unchecked = JSONReader(Array(#"{"a": 1, "a": 2}"#.utf8))
    var keys: [String] = []
    try unchecked.readObject(checksDuplicateKeys: false) { key, value in
      keys.append(key)
      try value.skipValue()
    }
    #expect(keys == ["a", "a"])
  }

  @Test("malformed and truncated documents are errors with the byte offset")
  func malformed() {
    for text in [#"{"a": }"#, #"{"a": [1, 2"#, "[1,]", #"{"a" 1}"#, ""] {
      var reader = JSONReader(Array(text.utf8))
      #expect(throws: JSONParser.SyntaxError.self, "\(text)") {
        _ = try reader.readNode()
        try reader.finish()
      }
    }
  }
}
