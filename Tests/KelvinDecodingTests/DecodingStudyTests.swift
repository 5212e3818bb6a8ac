import Foundation
import KelvinDecoding
import KelvinSampling
import Testing

@Suite("decoding study")
struct DecodingStudyTests {
  static let strategies: [DecodingStrategy] = [
    .greedy, .beam(width: 4), .sample(temperature: 1), .stochasticBeam(width: 3, temperature: 0.7),
  ]

  @Test("rows are what the strategies and metrics give one by one, on any number of threads")
  func rows() throws {
    var built = try SharedModel.builtIn()
    let prompts = StudyPrompt.drawn(from: try BuiltInModel.heldOutText(), count: 3)
    let one = try DecodingStudy(
      prompts: prompts, strategies: Self.strategies, model: built.model,
      tokenizer: built.tokenizer, maxTokens: 40, seed: 11, threads: 1)
    let two = try DecodingStudy(
      prompts: prompts, strategies: Self.strategies, model: built.model,
      tokenizer: built.tokenizer, maxTokens: 40, seed: 11, threads: 2)
    #expect(one.strategies == two.strategies)
    #expect(one.human == two.human)
    #expect(
      one.strategies.map(\.name) == [
        "greedy", "beam(4)", "sample(t=1)", "stochastic_beam(3,t=0.7)",
      ])

    // The human row: each continuation (and the newline that ends the verse) scored after its
    // prompt, computed here as log P(prompt + continuation + newline) − log P(prompt).
    var total = 0.0
    var tokens = 0
    for prompt in prompts {
      let context = try built.tokenizer.encode(prompt.prompt)
      let full = try built.tokenizer.encode(prompt.prompt + prompt.continuation + "\n")
      total +=
        try logLikelihood(of: full, under: &built.model)
        - (try logLikelihood(of: context, under: &built.model))
      tokens += full.count - context.count
    }
    #expect(abs(one.human.meanLogprob - total / Double(tokens)) < 1e-5)
    #expect(one.human.texts == prompts.map(\.continuation))
    #expect(abs(one.human.perplexity - Foundation.exp(-one.human.meanLogprob)) < 1e-12)

    // The greedy row is the chain's greedy decoding; sample(t=1) is the seeded chain's text
    // with random sequence i for prompt i.
    for (index, prompt) in prompts.enumerated() {
      let context = try built.tokenizer.encode(prompt.prompt)
      var greedy = try SamplerChain(specification: "greedy")
      let text = try generate(
        prompt: context, model: &built.model, chain: &greedy, tokenizer: built.tokenizer,
        maxTokens: 40
      ).text
      #expect(one.strategies[0].texts[index] == text)
      var sampler = try SamplerChain(
        specification: "temperature=1;dist", seed: 11, sequence: UInt64(index))
      let sampled = try generate(
        prompt: context, model: &built.model, chain: &sampler, tokenizer: built.tokenizer,
        maxTokens: 40
      ).text
      #expect(one.strategies[2].texts[index] == sampled)
    }

    // Every measure is its function of the row's texts.
    for row in one.strategies + [one.human] {
      #expect(row.distinct1 == distinctN(row.texts, n: 1))
      #expect(row.distinct2 == distinctN(row.texts, n: 2))
      #expect(row.selfBLEU4 == selfBLEU4(row.texts))
      #expect(row.zipf == zipfCoefficient(row.texts))
      let loops = row.texts.filter { endsInRepetitionLoop($0) }.count
      #expect(row.repetition == Double(loops) / Double(row.texts.count))
    }

    // Beam beats greedy: the fixed-length searches, one prompt at a time.
    var wins = 0
    for prompt in prompts {
      let context = try built.tokenizer.encode(prompt.prompt)
      let greedy = try beamSearch(
        prompt: context, model: &built.model, width: 1, maxTokens: 40, lengthPenalty: 0,
        endsAtEndOfSequence: false)[0]
      let beam = try beamSearch(
        prompt: context, model: &built.model, width: 4, maxTokens: 40, lengthPenalty: 0,
        endsAtEndOfSequence: false)[0]
      if beam.tokens != greedy.tokens && beam.logprob > greedy.logprob { wins += 1 }
    }
    #expect(one.beamBeatsGreedy.map(\.width) == [4])
    #expect(one.beamBeatsGreedy.first?.fraction == Double(wins) / 3)
  }
}
