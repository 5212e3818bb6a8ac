import Foundation
import KelvinDecoding
import KelvinSampling
import Testing

@Suite("temperature comparison")
struct TemperatureComparisonTests {
  @Test("each row is the generations at its temperature; perplexity is exp of the mean surprise")
  func rows() throws {
    var built = try BuiltInModel(
      corpus: "the cat sat on the mat. the dog sat on the log.", order: 3)
    let prompt = try built.tokenizer.encode("the ")
    let comparison = try TemperatureComparison(
      temperatures: [0, 1], samples: 2, prompt: prompt, model: &built.model,
      tokenizer: built.tokenizer, maxTokens: 12
    ) { temperature, sample in
      try SamplerChain(
        specification: "temperature=\(temperature)", seed: 3, sequence: UInt64(sample))
    }
    #expect(comparison.rows.map(\.temperature) == [0, 1])
    // τ = 0 is greedy: both samples are the same text.
    #expect(comparison.rows[0].texts.count == 2)
    #expect(comparison.rows[0].texts[0] == comparison.rows[0].texts[1])
    // The row's perplexity from the generations themselves.
    var logLikelihood = 0.0
    var count = 0
    for sample in 0..<2 {
      var chain = try SamplerChain(
        specification: "temperature=1", seed: 3, sequence: UInt64(sample))
      let generation = try generate(
        prompt: prompt, model: &built.model, chain: &chain, tokenizer: built.tokenizer,
        maxTokens: 12)
      #expect(generation.text == comparison.rows[1].texts[sample])
      logLikelihood += generation.rawLogLikelihood
      count += generation.steps.count
    }
    #expect(abs(comparison.rows[1].perplexity - exp(-logLikelihood / Double(count))) < 1e-12)
    #expect(comparison.rows[1].distinct2 == distinctN(comparison.rows[1].texts, n: 2))
  }
}
