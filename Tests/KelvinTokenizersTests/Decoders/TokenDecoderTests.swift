import Testing

@testable import KelvinTokenizers

/// Decoders against `tokenizers`' `decode` on the cases of pieces.json (ByteLevel with bytes
/// outside UTF-8, Metaspace with each scheme, ByteFallback with valid and invalid runs, Fuse,
/// Strip, Replace, Llama 2's Sequence).
@Suite struct TokenDecoderTests {
  @Test(arguments: PieceCase.all("decoder"))
  func textEqualsThatOfTokenizers(_ testCase: PieceCase) throws {
    let tables = try UnicodeTables.load()
    let decoder = try HuggingFaceTokenizer.decoder(testCase.config, tables: tables)
    #expect(!testCase.cases.isEmpty)
    for (input, output) in testCase.cases {
      let tokens = try #require(input.texts)
      let got = try decoder.decode(tokens.map(\.scalarValues), tables: tables).flatMap { $0 }
      #expect(got == (try #require(output.text)).scalarValues, "\(tokens)")
    }
  }

  @Test func byteFallbackReadsOnlySixByteHexTokens() {
    #expect(TokenDecoder.fallbackByte("<0x41>".scalarValues) == 0x41)
    #expect(TokenDecoder.fallbackByte("<0xff>".scalarValues) == 0xFF)
    #expect(TokenDecoder.fallbackByte("<0x4>".scalarValues) == nil)
    #expect(TokenDecoder.fallbackByte("<0xZZ>".scalarValues) == nil)
  }
}
