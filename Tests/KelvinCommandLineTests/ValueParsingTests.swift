import KelvinCommandLine
import Testing

@Suite("option values")
struct ValueParsingTests {
  @Test("number lists accept decimals, exponents and the words inf, -inf, nan")
  func numberLists() throws {
    let values = try ValueParsing.numberList(" 2, -1.5e2 ,inf,-inf,+inf,Infinity", flag: "logits")
    #expect(values == [2, -150, .infinity, -.infinity, .infinity, .infinity])
    #expect(try ValueParsing.numberList("nan", flag: "logits")[0].isNaN)
  }

  @Test(
    "malformed lists name the flag and the entry",
    arguments: [
      ("1,,2", "--logits: entry 2 is '', not a number (list: '1,,2')"),
      ("1,x", "--logits: entry 2 is 'x', not a number (list: '1,x')"),
      ("", "--logits: expected comma-separated numbers, got an empty list"),
    ])
  func malformedLists(text: String, message: String) {
    #expect(throws: CommandError.usage(message)) {
      try ValueParsing.numberList(text, flag: "logits")
    }
  }

  @Test("temperatures accept 0 and inf, reject negatives and NaN")
  func temperatures() throws {
    #expect(try ValueParsing.temperature("0", flag: "temperature") == 0)
    #expect(try ValueParsing.temperature("inf", flag: "temperature") == .infinity)
    for text in ["-1", "nan", "-inf"] {
      #expect(
        throws: CommandError.usage(
          "--temperature must be ≥ 0 (0 is greedy, inf is uniform), got '\(text)'")
      ) {
        try ValueParsing.temperature(text, flag: "temperature")
      }
    }
    #expect(
      throws: CommandError.usage(
        "--temperatures: entry 2 is -1; temperatures must be ≥ 0 (0 is greedy, inf is uniform)")
    ) {
      try ValueParsing.temperatureList("1,-1", flag: "temperatures")
    }
  }

  @Test("positive finite values reject 0, negatives, inf and NaN")
  func positiveFinite() throws {
    #expect(try ValueParsing.positiveFinite("1e-30", flag: "kT") == 1e-30)
    for text in ["0", "-2", "inf", "nan"] {
      #expect(throws: CommandError.usage("--kT must be finite and > 0, got '\(text)'")) {
        try ValueParsing.positiveFinite(text, flag: "kT")
      }
    }
  }

  @Test("choices list the allowed words")
  func choices() {
    #expect(throws: CommandError.usage("--format must be one of table, json, got 'xml'")) {
      let _: OutputFormat = try ValueParsing.choice("xml", flag: "format")
    }
  }
}
