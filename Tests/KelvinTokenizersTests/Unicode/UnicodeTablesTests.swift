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
}
