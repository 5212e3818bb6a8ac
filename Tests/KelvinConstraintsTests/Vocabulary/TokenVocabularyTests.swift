import KelvinSampling
import Testing

@testable import KelvinConstraints

/// `TokenVocabulary`'s checks.
@Suite("token vocabulary")
struct TokenVocabularyTests {
  @Test("the end of sequence must be a token; sizes are bounded")
  func checks() throws {
    let vocabulary = try TokenVocabulary(tokens: [[0x61], []], endOfSequence: 1)
    #expect(vocabulary.count == 2 && vocabulary.endOfSequence == 1)
    #expect(throws: SamplingError.self) { try TokenVocabulary(tokens: [[0x61]], endOfSequence: 1) }
    #expect(throws: SamplingError.self) { try TokenVocabulary(tokens: [], endOfSequence: 0) }
    #expect(try TokenVocabulary(tokens: [], endOfSequence: nil).count == 0)
  }
}
