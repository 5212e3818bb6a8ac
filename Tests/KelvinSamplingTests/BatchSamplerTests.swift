import KelvinCore
import KelvinSampling
import Testing

@Suite("batch sampler")
struct BatchSamplerTests {
  @Test(
    "row r is chain r's draw; the tokens do not depend on the thread count", arguments: [1, 2, 3])
  func equalsOneChainPerRow(threads: Int) throws {
    let (rows, vocabulary) = (9, 500)
    var generator = GaussianLogits(standardDeviation: 3, seed: 9)
    let logits: [Float] = generator.next(rows * vocabulary)
    let specification = "top_k=40;top_p=0.95;temperature=0.8;dist"
    func chains() throws -> [SamplerChain] {
      try (0..<rows).map {
        try SamplerChain(specification: specification, seed: 5, sequence: UInt64($0))
      }
    }
    var expected: [Int] = []
    var single = try chains()
    for row in 0..<rows {
      let slice = Array(logits[(row * vocabulary)..<((row + 1) * vocabulary)])
      expected.append(
        try slice.withUnsafeBufferPointer { try single[row].draw($0, logprobs: false).token })
    }
    var batch = BatchSampler(chains: try chains())
    try logits.withUnsafeBufferPointer {
      try batch.draw($0, vocabularySize: vocabulary, threads: threads)
    }
    #expect(batch.tokens == expected)
  }
}
