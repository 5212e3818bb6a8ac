import Foundation
import Kelvin

/// `kelvin generate`: text from the built-in language model (or one trained on your text),
/// through a sampler chain or beam search.
enum GenerateCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "generate",
    abstract:
      "Generate text with the built-in character-level model: sampled, greedy, or by beam search.",
    discussion: """
      The built-in model is a character-level 6-gram with interpolated Kneser–Ney smoothing, \
      trained at start-up (0.3 s in a release build) on five public-domain books of the King James \
      Version; --corpus trains on any text instead. A newline ends a sequence. Text streams to \
      stdout as it is generated (table format). --temperatures τ1,τ2,… generates --samples \
      texts at each temperature with the same prompt and seeds (sample s uses random \
      sequence s), and reports each row's perplexity (under the model) and distinct-2 \
      (distinct word bigrams over all). --beam W searches instead of sampling: no chain, seed \
      or stop string applies; --beam 1 is greedy decoding, token for token. --beam K \
      --stochastic draws K distinct sequences without replacement from the model's \
      distribution at --temperature (stochastic beam search, Kool et al. 2019: the \
      Gumbel-top-k trick over whole sequences), each with its log-probability and Gumbel \
      key, reproducible with --seed. This is not transformers' beam sampling (do_sample with \
      num_beams), whose sequences follow no stated distribution.
      """ + "\n\n" + ModelOptions.vocabularyNote,
    examples: [
      "kelvin generate --temperatures 0.2,0.8,1.5",
      "kelvin generate --prompt 'In the beginning' --temperature 0.7 --seed 3",
      "kelvin generate --beam 4 --length-penalty 1 --max-tokens 60",
      "kelvin generate --beam 4 --stochastic --temperature 0.7 --seed 3 --max-tokens 60",
      "kelvin generate --corpus my.txt --order 5 --chain 'top_k=20;temperature=0.9'",
    ])

  /// The options of `kelvin generate`.
  struct Options: CommandOptions {
    var prompt = "And the LORD said unto Moses,"
    var maxTokens = 200
    var stop: [String] = []
    var beam: Int?
    var lengthPenalty = 1.0
    var stochastic = false
    var topLogprobs = 0
    var temperatures: [Double]?
    var samples = 3
    var draftOrder: Int?
    var draftTokens = 4
    var speculativeStudy = false
    var minTokens = 0
    var allowedTokens: [Int]?
    var chain = ChainOptions()
    var model = ModelOptions()
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      [
        .option(\.prompt, "prompt", "TEXT", help: "The text to continue.", .anyText),
        .option(
          \.maxTokens, "max-tokens", "N", help: "The most characters to generate.",
          .integer(Limits.generatedTokens)),
        .repeatable(
          \.stop, "stop", "TEXT",
          help:
            "Stop when the generated text contains this (checked across token boundaries; the returned text ends before the earliest stop, which it excludes, as the OpenAI API does).",
          .nonEmpty("a stop text")),
        .option(
          \.beam, "beam", "W", help: "Beam search with this width instead of sampling.",
          .integer(Limits.beamWidth)),
        .option(
          \.lengthPenalty, "length-penalty", "A", help: "Beam search: rank by logprob / length^A.",
          .number(.finite)),
        .flag(
          \.stochastic, "stochastic",
          help:
            "With --beam W: stochastic beam search, W distinct sequences drawn without replacement at --temperature (default 1) with --seed."
        ),
        .option(
          \.topLogprobs, "top-logprobs", "K",
          help: "List the K likeliest alternatives of each token (JSON).",
          .integer(Limits.topLogprobs)),
        .option(
          \.temperatures, "temperatures", "T1,T2,…",
          help: "Compare these temperatures side by side.",
          .list(of: .temperature, count: Limits.temperatureCount)),
        .option(
          \.samples, "samples", "N",
          help: "With --temperatures: samples per temperature; with --speculative-study: prompts.",
          .integer(Limits.samples)),
        .option(
          \.minTokens, "min-tokens", "N",
          help:
            "Ban the end of sequence (newline) until N characters are generated: min_tokens(n=N,eos=…) first in the chain, as transformers' MinNewTokensLengthLogitsProcessor.",
          .integer(0...Limits.generatedTokens.upperBound, note: "0 off")),
        .option(
          \.allowedTokens, "allowed-tokens", "IDS",
          help:
            "Generate only these token ids (comma-separated; vLLM's allowed_token_ids): allowed_tokens(…) first in the chain.",
          .list(of: .integer(AllowedTokens.tokenRange), count: Limits.tokenIDs)),
        .option(
          \.draftOrder, "draft-order", "N",
          help:
            "Speculative sampling: draft with the model at this order (same corpus), verify with --order's; the output follows the target's distribution exactly.",
          .integer(1...7)),
        .option(
          \.draftTokens, "draft-tokens", "K", help: "With --draft-order: tokens drafted a round.",
          .integer(Limits.draftTokens)),
        .flag(
          \.speculativeStudy, "speculative-study",
          help:
            "With --draft-order: acceptance rate and tokens per target call at τ = 0, 0.3, 0.7, 1, 1.5 and K = 2, 4, 8 over --samples held-out prompts (the preset's chain otherwise fixed)."
        ),
      ] + ChainOptions.declarations(at: \.chain) + ModelOptions.declarations(at: \.model) + [
        .format(\.format, streams: true)
      ]
    }

    /// Which options go together: beam search and the comparison each ignore some.
    static var relations: [OptionRelation<Options>] {
      let chain = ChainOptions.declarations(at: \Options.chain).map(\.keyPath)
      let sampling: [PartialKeyPath<Options>] = [\.chain.settings.temperature, \.chain.seed]
      return [
        .requires(\.lengthPenalty, \.beam),
        .appliesOnly(\.samples, when: "with --temperatures or --speculative-study") {
          $0.temperatures != nil || $0.speculativeStudy
        },
        .requires(\.stochastic, \.beam), .requires(\.draftTokens, \.draftOrder),
        .requires(\.speculativeStudy, \.draftOrder),
        .excludes(
          \.minTokens, \.beam, because: "beam search ranks the model's own sequences, chain-free"),
        .excludes(
          \.allowedTokens, \.beam,
          because: "beam search ranks the model's own sequences, chain-free"),
        .excludesAll(
          \.speculativeStudy,
          [\.draftTokens, \.chain.specification, \.chain.settings.temperature, \.prompt],
          because: "the study sets the temperature and the draft length and draws its prompts"),
        .excludesAll(
          \.draftOrder, [\.beam, \.temperatures, \.stop, \.topLogprobs],
          because: "speculative sampling draws one sequence through the chain"),
        .excludes(
          \.stochastic, \.lengthPenalty,
          because: "stochastic beam search samples sequences; it does not rank them"),
        .excludesAll(
          \.beam,
          [\.temperatures, \.stop, \.topLogprobs] + chain.filter { !sampling.contains($0) },
          because: "beam search ranks whole sequences of the model's distribution"),
        .appliesOnly(\.chain.settings.temperature, when: "to sampling and --beam with --stochastic")
        {
          $0.beam == nil || $0.stochastic
        },
        .appliesOnly(\.chain.seed, when: "to sampling and --beam with --stochastic") {
          $0.beam == nil || $0.stochastic
        },
        .excludesAll(
          \.temperatures,
          [\.stop, \.topLogprobs, \.chain.specification, \.chain.settings.temperature],
          because: "the comparison varies the preset's temperature"),
      ] + ChainOptions.relations(at: \.chain)
    }
  }

  /// Generates and prints.
  static func run(_ options: Options, output: CommandOutput) throws {
    var built = try options.model.model()
    let prompt = try built.encode(options.prompt, what: "--prompt")
    if let width = options.beam, options.stochastic {
      return try GenerateReport.stochasticBeam(
        options, width: width, prompt: prompt, &built, output)
    }
    if let width = options.beam {
      return try GenerateReport.beam(options, width: width, prompt: prompt, &built, output)
    }
    if let draftOrder = options.draftOrder {
      var draft = try ModelOptions(corpus: options.model.corpus, order: draftOrder).model()
      if options.speculativeStudy {
        return try GenerateReport.speculativeStudy(options, &built, &draft, output)
      }
      let chain = try requestChain(options, built.model.endOfSequence)
      let result = try speculativeGenerate(
        prompt: prompt, target: &built.model, draft: &draft.model, chain: chain,
        draftTokens: options.draftTokens, maxTokens: options.maxTokens)
      return try GenerateReport.speculative(
        result, chain: chain, prompt: prompt, options, &built, output)
    }
    if let temperatures = options.temperatures {
      let end = built.model.endOfSequence
      let comparison = try TemperatureComparison(
        temperatures: temperatures, samples: options.samples, prompt: prompt,
        model: &built.model, tokenizer: built.tokenizer, maxTokens: options.maxTokens
      ) { temperature, sample in
        try requestChain(options, end, sequence: UInt64(sample), temperature: temperature)
      }
      return try GenerateReport.comparison(comparison, prompt: options.prompt, options, output)
    }
    var chain = try requestChain(options, built.model.endOfSequence)
    // The prompt goes out with the first token, once the chain has worked on the model's
    // logits: a chain that fails at once (a bias for a token outside the vocabulary) leaves
    // stdout empty.
    var pending = options.format == .table ? PrintableText.text(options.prompt) : nil
    let generation = try generate(
      prompt: prompt, model: &built.model, chain: &chain, tokenizer: built.tokenizer,
      maxTokens: options.maxTokens, stop: options.stop,
      topLogprobs: options.topLogprobs
    ) { step in
      switch options.format {
      case .table:
        try output.write((pending ?? "") + PrintableText.text(step.text))
        pending = ""
      case .jsonl: try output.json(GenerateReport.step(json: step, options, built.tokenizer))
      case .json: return
      }
      try output.flush()
    }
    if let pending { try output.write(pending) }
    try GenerateReport.sampled(generation, chain: chain, options, built.tokenizer, output)
  }

  /// The chain the options describe, with the request settings (`--allowed-tokens`, then
  /// `--min-tokens`) in front.
  static func requestChain(
    _ options: Options, _ endOfSequence: Int?, sequence: UInt64 = 0, temperature: Double? = nil
  ) throws -> SamplerChain {
    var chain = try options.chain.chain(sequence: sequence, temperature: temperature)
    if options.minTokens > 0, let end = endOfSequence {
      chain.processors.insert(try MinTokens(options.minTokens, endOfSequence: end), at: 0)
    }
    if let allowed = options.allowedTokens {
      chain.processors.insert(try AllowedTokens(allowed), at: 0)
    }
    return chain
  }
}
