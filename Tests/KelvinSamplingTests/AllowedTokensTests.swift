import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `allowed_tokens`: its definition against a softmax computed here.
@Suite("allowed_tokens")
struct AllowedTokensTests {
  @Test("only the listed tokens survive, renormalised among themselves")
  func keepsTheList() throws {
    var chain = try SamplerChain(specification: "allowed_tokens(3,1,3)")
    let logits: [Float] = [2, 1, 0.5, 0.1]
    let candidates = try logits.withUnsafeBufferPointer { try chain.process($0) }
    #expect(Array(candidates.candidateTokens) == [1, 3])
    let expected = [exp(1.0), exp(0.1)].map { $0 / (exp(1.0) + exp(0.1)) }
    for (p, e) in zip(candidates.probabilities(), expected) { #expect(abs(p - e) < 1e-6) }
    #expect(try AllowedTokens([3, 1, 3]).specification == "allowed_tokens(1,3)")
  }

  @Test("an id outside the vocabulary and a negative id are errors; an empty list keeps all")
  func errors() throws {
    var chain = try SamplerChain(specification: "allowed_tokens(4)")
    #expect(throws: SamplingError.self) {
      try [Float(0), 1, 2, 3].withUnsafeBufferPointer { try chain.process($0) }
    }
    var off = SamplerChain([try AllowedTokens([])])
    #expect(try [Float(0), 1].withUnsafeBufferPointer { try off.process($0) }.count == 2)
    #expect(throws: SamplingError.self) { try AllowedTokens([-1]) }
  }
}
