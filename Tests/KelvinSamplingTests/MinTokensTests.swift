import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `min_tokens`: its definition, step by step.
@Suite("min_tokens")
struct MinTokensTests {
  @Test(
    "eos is removed exactly while fewer than n tokens have been generated; the prompt does not count"
  )
  func bansUntilN() throws {
    var chain = try SamplerChain(specification: "min_tokens(n=3,eos=2);greedy")
    for token in [1, 1, 1, 1] { chain.acceptPrompt(token) }
    let logits: [Float] = [0, 1, 5]  // eos (2) is the argmax
    var drawn: [Int] = []
    for _ in 0..<5 {
      drawn.append(
        try logits.withUnsafeBufferPointer { try chain.sample($0, logprobs: false) }.token)
    }
    // Steps 0, 1, 2 have 0, 1, 2 generated tokens: eos banned, token 1 is the best left.
    #expect(drawn == [1, 1, 1, 2, 2])
    chain.reset()
    #expect(try logits.withUnsafeBufferPointer { try chain.sample($0, logprobs: false) }.token == 1)
  }

  @Test("n = 0 disables; eos alone is a no-candidates error; the grammar round-trips")
  func edges() throws {
    var off = try SamplerChain(specification: "min_tokens(n=0,eos=0);greedy")
    #expect(try [Float(3), 1].withUnsafeBufferPointer { try off.sample($0) }.token == 0)
    var only = try SamplerChain(specification: "min_tokens(n=1,eos=0)")
    #expect(throws: SamplingError.self) {
      try [Float(3), -Float.infinity].withUnsafeBufferPointer { try only.sample($0) }
    }
    let processor = try MinTokens(4, endOfSequence: 7)
    #expect(processor.specification == "min_tokens(n=4,eos=7)")
    #expect(
      try SamplerChain(specification: processor.specification).specification.hasPrefix(
        "min_tokens(n=4,eos=7)"))
    #expect(throws: SamplingError.self) { try MinTokens(-1, endOfSequence: 0) }
  }
}
