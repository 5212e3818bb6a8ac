import Testing

@testable import KelvinTokenizers

/// The normalization forms on sequences whose results UAX #15 fixes.
@Suite struct UnicodeNormalizationTests {
  @Test func normalizationOfKnownSequences() throws {
    let tables = try UnicodeTables.load()
    func normalized(_ form: UnicodeNormalization, _ text: String) -> String {
      var scalars = text.scalarValues
      var origins = (0..<scalars.count).map(Int32.init)
      form.apply(to: &scalars, origins: &origins, tables: tables)
      return scalars.text
    }
    // UAX #15's examples: Å (U+212B ANGSTROM SIGN) → U+00C5; "ﬁ" → "fi" only under NFKC;
    // Hangul jamo compose algorithmically; marks reorder by class (U+0323 220 before U+0301 230).
    #expect(normalized(.nfc, "\u{212B}").scalarValues == [0xC5])
    #expect(normalized(.nfc, "\u{FB01}").scalarValues == [0xFB01])
    #expect(normalized(.nfkc, "\u{FB01}").scalarValues == [0x66, 0x69])
    #expect(normalized(.nfc, "\u{1100}\u{1161}\u{11A8}").scalarValues == [0xAC01])
    #expect(normalized(.nfd, "\u{AC01}").scalarValues == [0x1100, 0x1161, 0x11A8])
    #expect(normalized(.nfd, "a\u{301}\u{323}").scalarValues == [0x61, 0x323, 0x301])
    #expect(normalized(.nfc, "a\u{301}\u{323}").scalarValues == [0x1EA1, 0x301])
  }

  @Test func originsFollowTheScalars() throws {
    // "e\u{301}x" → NFC "éx": é comes from scalar 0, x from scalar 2.
    var scalars = "e\u{301}x".scalarValues
    var origins: [Int32] = [0, 1, 2]
    UnicodeNormalization.nfc.apply(
      to: &scalars, origins: &origins, tables: try UnicodeTables.load())
    #expect(scalars == [0xE9, 0x78] && origins == [0, 2])
  }
}
