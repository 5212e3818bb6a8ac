import KelvinCore
import KelvinText
import Testing

@Suite("decimal text")
struct DecimalTextTests {
  @Test(
    "numbers: decimals, exponents, signs and the words inf, infinity, nan in any case",
    arguments: [
      ("2", 2.0), (" -1.5e2 ", -150), ("+.5", 0.5), ("1.", 1), ("1E-3", 0.001), ("inf", .infinity),
      ("-Infinity", -.infinity), ("+INF", .infinity), ("1e-400", 0),
    ])
  func numbers(text: String, value: Double) throws {
    #expect(try DecimalText.double(text) == value)
  }

  @Test("nan reads as NaN")
  func notANumber() throws {
    #expect(try DecimalText.double("NaN").isNaN)
  }

  @Test(
    "hexadecimal, empty, partial and other spellings are malformed",
    arguments: [
      "0x10", "0x1p3", "", " ", "e3", ".", "1e", "1e+", "--1", "1,5", "1 2", "abc", "infinite",
      "1_000",
    ])
  func malformed(text: String) {
    #expect(throws: DecimalText.Failure.malformed) { try DecimalText.double(text) }
  }

  @Test("a finite spelling beyond Double is out of range, not infinity")
  func overflow() {
    #expect(throws: DecimalText.Failure.outOfRange) { try DecimalText.double("1e400") }
    #expect(throws: DecimalText.Failure.outOfRange) { try DecimalText.double("-2e308") }
  }

  @Test("whole numbers: digits with a sign only; 1e3, 1.0 and 0x10 are malformed")
  func integers() throws {
    #expect(try DecimalText.integer("+42") == 42)
    #expect(try DecimalText.integer(" -7 ") == -7)
    for text in ["1e3", "1.0", "0x10", "", "+", "12a"] {
      #expect(throws: DecimalText.Failure.malformed) { try DecimalText.integer(text) }
    }
    #expect(throws: DecimalText.Failure.outOfRange) {
      try DecimalText.integer("9223372036854775808")
    }
    #expect(try DecimalText.integer("9223372036854775807") == Int.max)
  }

  @Test("seeds: every UInt64, nothing else")
  func unsigned() throws {
    #expect(try DecimalText.unsigned("18446744073709551615") == UInt64.max)
    #expect(throws: DecimalText.Failure.outOfRange) {
      try DecimalText.unsigned("18446744073709551616")
    }
    #expect(throws: DecimalText.Failure.malformed) { try DecimalText.unsigned("-1") }
  }
}
