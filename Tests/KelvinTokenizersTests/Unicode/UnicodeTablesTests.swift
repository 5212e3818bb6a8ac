import Testing

@testable import KelvinTokenizers

/// The bundled tables hold the facts they claim, checked on scalars whose properties are
/// fixed by the Unicode Standard.
@Suite struct UnicodeTablesTests {
  @Test func propertiesOfKnownScalars() throws {
    let tables = try UnicodeTables.load()
    #expect(tables.properties(0x41).contains(.letter))  // A
    #expect(tables.properties(0x41).contains(.uppercaseLetter))
    #expect(tables.properties(0x665).contains(.number))  // ARABIC-INDIC DIGIT FIVE
    #expect(tables.properties(0x665).contains(.digit))
    #expect(tables.properties(0xB2).contains(.numeric))  // SUPERSCRIPT TWO: No
    #expect(!tables.properties(0xB2).contains(.digit))
    #expect(tables.properties(0x3000).contains(.space))  // IDEOGRAPHIC SPACE
    #expect(tables.properties(0x301).contains(.mark))
    #expect(!tables.properties(0x20).contains(.letter))
    #expect(tables.properties(0x110000) == [])
  }

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
}
