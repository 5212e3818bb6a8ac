import Testing

@testable import KelvinTokenizers

/// Normalizers against `tokenizers`' `normalize_str` on the cases of pieces.json (NFC, NFKC,
/// Prepend, Replace with a string, a regex and empty matches, Sequence).
@Suite struct TextNormalizerTests {
  @Test(arguments: PieceCase.all("normalizer"))
  func textEqualsThatOfTokenizers(_ testCase: PieceCase) throws {
    let tables = try UnicodeTables.load()
    let normalizer = try HuggingFaceTokenizer.normalizer(testCase.config, tables: tables)
    #expect(!testCase.cases.isEmpty)
    for (input, output) in testCase.cases {
      var text = try #require(input.text).scalarValues
      var origins = (0..<text.count).map(Int32.init)
      var scratch = ScalarPattern.Scratch()
      try normalizer.apply(to: &text, origins: &origins, tables: tables, scratch: &scratch)
      #expect(text == (try #require(output.text)).scalarValues, "\(input)")
      #expect(origins.count == text.count)
    }
  }

  @Test func prependLeavesTheEmptyTextEmpty() throws {
    // tokenizers' Prepend: `if !normalized.is_empty()`.
    var text: [UInt32] = []
    var origins: [Int32] = []
    var scratch = ScalarPattern.Scratch()
    try TextNormalizer.prepend([0x2581]).apply(
      to: &text, origins: &origins, tables: try UnicodeTables.load(), scratch: &scratch)
    #expect(text.isEmpty)
  }
}
