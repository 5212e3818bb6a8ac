import KelvinCore
import KelvinSampling
import Testing

@Suite("sampler chain on spans")
struct SamplerChainSpanTests {
  @Test("span entry points draw the tokens the buffer entry points draw (seeded)")
  func sameTokens() throws {
    var generator = GaussianLogits(standardDeviation: 3, seed: 21)
    let logits: [Float] = generator.next(4 * 300, as: Float.self)
    var viaSpan = try SamplerChain(specification: "top_k=50;top_p=0.9;temperature=0.8", seed: 3)
    var viaBuffer = viaSpan
    for _ in 0..<30 {
      let a = try viaSpan.sample(logits.span.extracting(0..<300))
      let b = try logits.withUnsafeBufferPointer {
        try viaBuffer.sample(UnsafeBufferPointer(rebasing: $0[0..<300]))
      }
      #expect(a.token == b.token && a.rawLogprob == b.rawLogprob)
    }
    var set = CandidateSet()
    #expect(try set.load(logits.span) == logits.max())
    #expect(set.count == logits.count)
    let topK = try TopK(5)
    var batch = BatchSampler(
      chains: (0..<4).map { SamplerChain([topK], seed: 1, sequence: UInt64($0)) })
    var reference = batch
    try batch.draw(logits.span, vocabularySize: 300)
    try logits.withUnsafeBufferPointer { try reference.draw($0, vocabularySize: 300) }
    #expect(batch.tokens == reference.tokens)
  }
}
