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
      num_beams), whose sequences follow no stated distribution. --regex PATTERN or \
      --json-schema FILE constrains the text to a full match: a 'constraint' item goes first in \
      the chain (or where --chain puts one), removing every token that cannot continue a \
      match, and the end of sequence is allowed only once the text matches. With --beam W, \
      each beam follows the constraint and the W most probable matching sequences are listed, \
      their log-probabilities the model's.
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
    var maxTokenLimit: Int?
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
    var minTokens: Int?
    var allowedTokens: [Int]?
    var badWords: [String] = []
    var generationConfig: String?
    var constraint = ConstraintOptions()
    var chain = ChainOptions()
    var model = ModelOptions()
    var format = OutputFormat.table

    /// The most tokens to generate: `--max-tokens`, or the generation config's
    /// `max_new_tokens` (``run(_:output:)`` copies it in), or 200.
    var maxTokens: Int { maxTokenLimit ?? 200 }

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      [
        .option(\.prompt, "prompt", "TEXT", help: "The text to continue.", .anyText),
        .option(
          \.maxTokenLimit, "max-tokens", "N", help: "The most characters to generate.",
          .integer(Limits.generatedTokens),
          default: "200, or --generation-config's max_new_tokens"),
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
          .integer(0...Limits.generatedTokens.upperBound, note: "0 off"),
          default: "0 (off), or --generation-config's min_new_tokens"),
        .option(
          \.allowedTokens, "allowed-tokens", "IDS",
          help:
            "Generate only these token ids (comma-separated; vLLM's allowed_token_ids): allowed_tokens(…) first in the chain.",
          .list(of: .integer(AllowedTokens.tokenRange), count: Limits.tokenIDs)),
        .repeatable(
          \.badWords, "bad-words", "TEXT",
          help:
            "Never generate this text (tokenised by the model's tokenizer): bad_words(…) in the chain, whose last token is banned when the rest of it ends the history, as transformers' NoBadWordsLogitsProcessor.",
          .nonEmpty("a banned text")),
        .option(
          \.generationConfig, "generation-config", "FILE",
          help:
            "Decode as transformers would with this generation_config.json: do_sample, temperature, top_k, top_p, min_p, typical_p, repetition_penalty, no_repeat_ngram_size, epsilon_cutoff, eta_cutoff, max_new_tokens, min_new_tokens and bad_words_ids become the chain transformers builds, in its order; other keys are listed as ignored. The shorthands --temperature, --top-k, --top-p, --min-p, --typical-p and --repeat-penalty override the file, as generate(temperature=…) does.",
          .nonEmpty("a file path"), default: "none", path: true),
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
      ] + ConstraintOptions.declarations(at: \.constraint) + ChainOptions.declarations(at: \.chain)
        + ModelOptions.declarations(at: \.model) + [
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
        .excludes(
          \.badWords, \.beam, because: "beam search ranks the model's own sequences, chain-free"),
        .excludesAll(
          \.constraint.regex, [\.stochastic, \.speculativeStudy],
          because: "stochastic beam search and the study do not take a constraint"),
        .excludesAll(
          \.constraint.jsonSchema, [\.stochastic, \.speculativeStudy],
          because: "stochastic beam search and the study do not take a constraint"),
        .excludes(
          \.constraint.regex, \.stop,
          because: "the pattern decides where the text ends; a stop would cut a match short"),
        .excludes(
          \.constraint.jsonSchema, \.stop,
          because: "the schema decides where the text ends; a stop would cut a match short"),
        .excludesAll(
          \.generationConfig,
          [
            \.beam, \.speculativeStudy, \.chain.specification, \.chain.preset,
            \.chain.settings.frequencyPenalty, \.chain.settings.presencePenalty,
            \.chain.settings.penaltyLastN,
          ],
          because: "the generation config describes transformers' chain"),
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
      ] + ConstraintOptions.relations(at: \.constraint) + ChainOptions.relations(at: \.chain)
    }
  }

  /// Generates and prints.
  static func run(_ options: Options, output: CommandOutput) throws {
    var built = try options.model.model()
    let prompt = try built.encode(options.prompt, what: "--prompt")
    var options = options
    let end = built.model.endOfSequence
    var request = Request(
      endOfSequence: end,
      badWords: try options.badWords.map { try built.encode($0, what: "--bad-words") })
    if let path = options.generationConfig {
      let config = try readConfig(path, endOfSequence: end, output)
      if options.maxTokenLimit == nil { options.maxTokenLimit = config.maxNewTokens }
      request.config = config
    }
    if options.constraint.isGiven {
      let vocabulary = try TokenVocabulary(
        built.tokenizer, endOfSequence: built.model.endOfSequence)
      request.constraint = try options.constraint.constraint(over: vocabulary)
    }
    if let width = options.beam, options.stochastic {
      return try GenerateReport.stochasticBeam(
        options, width: width, prompt: prompt, &built, output)
    }
    if let width = options.beam {
      return try GenerateReport.beam(
        options, width: width, prompt: prompt, &built, constraint: request.constraint, output)
    }
    if let draftOrder = options.draftOrder {
      var draft = try ModelOptions(corpus: options.model.corpus, order: draftOrder).model()
      if options.speculativeStudy {
        return try GenerateReport.speculativeStudy(options, &built, &draft, output)
      }
      let chain = try requestChain(options, request)
      let result = try speculativeGenerate(
        prompt: prompt, target: &built.model, draft: &draft.model, chain: chain,
        draftTokens: options.draftTokens, maxTokens: options.maxTokens)
      return try GenerateReport.speculative(
        result, chain: chain, prompt: prompt, options, &built, output)
    }
    if let temperatures = options.temperatures {
      let comparison = try TemperatureComparison(
        temperatures: temperatures, samples: options.samples, prompt: prompt,
        model: &built.model, tokenizer: built.tokenizer, maxTokens: options.maxTokens
      ) { temperature, sample in
        try requestChain(options, request, sequence: UInt64(sample), temperature: temperature)
      }
      return try GenerateReport.comparison(comparison, prompt: options.prompt, options, output)
    }
    var chain = try requestChain(options, request)
    // The prompt goes out with the first token, once the chain has worked on the model's
    // logits: a chain that fails at once (a bias for a token outside the vocabulary) leaves
    // stdout empty.
    var pending = options.format == .table ? PrintableText.text(options.prompt) : nil
    var tracker = request.constraint
    let generation = try generate(
      prompt: prompt, model: &built.model, chain: &chain, tokenizer: built.tokenizer,
      maxTokens: options.maxTokens, stop: options.stop,
      topLogprobs: options.topLogprobs
    ) { step in
      switch options.format {
      case .table:
        try output.write((pending ?? "") + PrintableText.text(step.text))
        pending = ""
      case .jsonl:
        try output.json(
          GenerateReport.step(
            json: step, options, built.tokenizer, allowed: tracker?.allowedTokens.count))
        tracker?.accept(step.token)
      case .json: return
      }
      try output.flush()
    }
    if let pending { try output.write(pending) }
    try GenerateReport.sampled(
      generation, chain: chain, options, built.tokenizer, constraint: request.constraint, output)
  }

  /// What the request settings need besides the options: the model's end of sequence, the
  /// `--bad-words` texts as token sequences, and the generation config read from its file.
  struct Request {
    var endOfSequence: Int?
    var badWords: [[Int]]
    var config: GenerationConfig?
    var constraint: RegexConstraint?
  }

  /// Reads `--generation-config` and reports on standard error what it does not use.
  ///
  /// - Throws: ``KelvinIOError`` for a file that cannot be read or a malformed config;
  ///   ``CommandError`` (65) for a `max_new_tokens` or `min_new_tokens` beyond
  ///   ``Limits/generatedTokens``.
  static func readConfig(_ path: String, endOfSequence: Int?, _ output: CommandOutput) throws
    -> GenerationConfig
  {
    let config = try GenerationConfig(json: try InputFile.contents(of: path), path: path)
    for (key, value) in [
      ("max_new_tokens", config.maxNewTokens), ("min_new_tokens", config.minNewTokens),
    ] {
      if let value, !(0...Limits.generatedTokens.upperBound).contains(value) {
        throw CommandError.data(
          "\(path): \(key) \(value) exceeds the limit of \(Limits.generatedTokens.upperBound) tokens",
          flag: "--generation-config")
      }
    }
    if !config.ignoredKeys.isEmpty {
      output.warn(
        "\(path): ignored (not decoding settings Kelvin reads): \(config.ignoredKeys.joined(separator: ", "))"
      )
    }
    if !config.unusedKeys.isEmpty {
      output.warn(
        "\(path): do_sample is false, so greedy decoding ignores \(config.unusedKeys.joined(separator: ", ")) (as transformers does)"
      )
    }
    if let end = endOfSequence, !config.endOfSequenceIDs.isEmpty, config.endOfSequenceIDs != [end] {
      output.warn(
        "\(path): eos_token_id \(config.endOfSequenceIDs.map(String.init).joined(separator: ",")) is not used: this model's end of sequence is id \(end) (newline)"
      )
    }
    return config
  }

  /// The chain the options describe, with the request settings in front (`--allowed-tokens`,
  /// then `--min-tokens`, then `--bad-words`); with `--generation-config`, the chain
  /// transformers builds from the file (``GenerationConfig/chain(seed:sequence:endOfSequence:)``)
  /// with the shorthands, `--min-tokens` and `--bad-words` applied as overrides, and
  /// `--allowed-tokens` in front.
  ///
  /// - Throws: ``CommandError`` (64) for a sampling override of a config whose `do_sample`
  ///   is false; ``SamplingError`` for a value a processor refuses.
  static func requestChain(
    _ options: Options, _ request: Request, sequence: UInt64 = 0, temperature: Double? = nil
  ) throws -> SamplerChain {
    var chain: SamplerChain
    if let file = request.config {
      var settings = options.chain.settings
      if let temperature { settings.temperature = temperature }
      let sampling: [(String, Bool)] = [
        (temperature == nil ? "--temperature" : "--temperatures", settings.temperature != nil),
        ("--top-k", settings.topK != nil),
        ("--top-p", settings.topP != nil), ("--min-p", settings.minP != nil),
        ("--typical-p", settings.typicalP != nil),
      ]
      if !file.doSample, let (flag, _) = sampling.first(where: \.1) {
        throw CommandError.usage(
          "\(flag) has no effect: \(options.generationConfig ?? "the generation config") sets do_sample false (greedy decoding), under which transformers applies no sampling setting",
          flag: flag)
      }
      var config = try file.overridden(by: settings)
      if let minTokens = options.minTokens { config.minNewTokens = minTokens }
      config.badWordsIDs += request.badWords
      chain = try config.chain(
        seed: options.chain.seed, sequence: sequence,
        endOfSequence: request.endOfSequence.map { [$0] } ?? [])
    } else {
      chain = try options.chain.chain(sequence: sequence, temperature: temperature)
      if !request.badWords.isEmpty {
        chain.processors.insert(try BadWords(request.badWords), at: 0)
      }
      if let minTokens = options.minTokens, minTokens > 0, let end = request.endOfSequence {
        chain.processors.insert(try MinTokens(minTokens, endOfSequence: end), at: 0)
      }
    }
    if let allowed = options.allowedTokens {
      chain.processors.insert(try AllowedTokens(allowed), at: 0)
    }
    if let constraint = request.constraint {
      chain.bind(constraint)
    } else if chain.processors.contains(where: { $0 is ConstraintProcessor }) {
      throw CommandError.usage(
        "--chain: the constraint item needs --regex or --json-schema to say what it allows",
        flag: "--chain")
    }
    return chain
  }
}
