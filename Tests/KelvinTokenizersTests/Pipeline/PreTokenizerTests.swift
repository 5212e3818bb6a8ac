import Testing

@testable import KelvinTokenizers

/// Pre-tokenizers against `tokenizers`' `pre_tokenize_str` on the cases of pieces.json: every
/// split behaviour, inversion, the GPT-2, Llama 3 and Qwen2 patterns, empty and lazy matches,
/// ByteLevel with and without prefix space and regex, Metaspace's schemes, Digits, Sequence.
@Suite struct PreTokenizerTests {
  @Test(arguments: PieceCase.all("pre_tokenizer"))
  func piecesEqualThoseOfTokenizers(_ testCase: PieceCase) throws {
    let tables = try UnicodeTables.load()
    let pre = try HuggingFaceTokenizer.preTokenizer(testCase.config, tables: tables)
    #expect(!testCase.cases.isEmpty)
    for (input, output) in testCase.cases {
      let text = try #require(input.text)
      let want = try #require(output.texts)
      var buffer = PieceBuffer()
      var spare = PieceBuffer()
      var scratch = ScalarPattern.Scratch()
      let scalars = text.scalarValues
      buffer.append(scalars, origins: (0..<scalars.count).map(Int32.init))
      try pre.apply(to: &buffer, spare: &spare, tables: tables, scratch: &scratch)
      let got = buffer.pieces.map { Array(buffer.scalars[$0]).text }
      #expect(got.map(\.scalarValues) == want.map(\.scalarValues), "\(text.debugDescription)")
    }
  }

  @Test func splitIsolatedKeepsEveryPieceInOrder() {
    // "a-b" split on "-" with Isolated: ["a", "-", "b"] (offsets 0..<1, 1..<2, 2..<3).
    var pieces: [Range<Int>] = []
    PreTokenizer.cut(0..<3, matches: [1..<2], inverted: false, behavior: .isolated, into: &pieces)
    #expect(pieces == [0..<1, 1..<2, 2..<3])
  }

  @Test func removedDropsTheMatches() {
    var pieces: [Range<Int>] = []
    PreTokenizer.cut(5..<8, matches: [1..<2], inverted: false, behavior: .removed, into: &pieces)
    #expect(pieces == [5..<6, 7..<8])
  }
}
