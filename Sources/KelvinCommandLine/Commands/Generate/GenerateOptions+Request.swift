import Kelvin

extension GenerateCommand.Options {
  /// The request the options describe.
  ///
  /// It holds the chain's source (`--chain`, the preset with its
  /// shorthands, or `--generation-config` with them as overrides), `--min-tokens`,
  /// `--allowed-tokens`, `--bad-words` (tokenised by the model's tokenizer) and the constraint
  /// of `--regex` or `--json-schema` over the model's vocabulary. A generation config's
  /// `max_new_tokens` becomes the token limit unless `--max-tokens` is given.
  ///
  /// - Throws: ``CommandError`` for a text the model cannot encode or a config beyond the
  ///   limits; ``KelvinIOError`` for a config that cannot be read.
  mutating func request(_ built: DecodingModel, _ output: CommandOutput) throws
    -> GenerationRequest
  {
    let end = built.endOfSequence
    var request = GenerationRequest(
      .preset(chain.preset, chain.settings), seed: chain.seed, endOfSequence: end,
      minTokens: minTokens, allowedTokens: allowedTokens,
      badWords: try badWords.map { try built.encode($0, what: "--bad-words", prompt: false) })
    if let specification = chain.specification { request.source = .chain(specification) }
    if let path = generationConfig {
      let config = try GenerateCommand.readConfig(path, endOfSequence: end, output)
      if maxTokenLimit == nil { maxTokenLimit = config.maxNewTokens }
      request.source = .config(config, overrides: chain.settings)
    }
    if constraint.isGiven {
      let vocabulary = try built.vocabulary()
      request.constraint = try constraint.constraint(over: vocabulary)
    }
    return request
  }

  /// The chain `request` assembles for `sequence` (``GenerationRequest``), its errors said in
  /// the options' words.
  ///
  /// - Throws: ``CommandError`` (64) for a sampling override of a config whose `do_sample` is
  ///   false, a `constraint` item without `--regex` or `--json-schema`, or a value the chain
  ///   refuses.
  func chain(of request: GenerationRequest, sequence: UInt64 = 0, temperature: Double? = nil)
    throws -> SamplerChain
  {
    do {
      return try request.samplerChain(sequence: sequence, temperature: temperature)
    } catch DecodingError.samplingSettingOfGreedyConfig(let setting) {
      let flag =
        setting == "temperature" && temperature != nil
        ? "--temperatures" : "--" + setting.replacingOccurrences(of: "_", with: "-")
      throw CommandError.usage(
        "\(flag) has no effect: \(generationConfig ?? "the generation config") sets do_sample false (greedy decoding), under which transformers applies no sampling setting",
        flag: flag)
    } catch SamplingError.unboundConstraint {
      throw CommandError.usage(
        "--chain: the constraint item needs --regex or --json-schema to say what it allows",
        flag: "--chain")
    } catch let error as SamplingError where generationConfig == nil {
      throw CommandError.usage(
        "\(chain.specification == nil ? "--preset" : "--chain"): \(error)")
    }
  }

  /// The draft of speculative sampling: the built-in model at `--draft-order`, or the
  /// checkpoint of `--draft-model`, which must have `target`'s tokenizer.json.
  ///
  /// - Throws: ``CommandError`` (64) for a draft whose tokenizer.json differs from the
  ///   target's, and the models' loading errors.
  func draft(sharing target: DecodingModel) throws -> DecodingModel {
    guard let directory = draftModel, let targetTokenizer = target.checkpoint?.tokenizerPath
    else {
      return try DecodingModel(
        builtIn: ModelOptions(corpus: model.corpus, order: draftOrder ?? 1))
    }
    let draft = try DecodingModel(directory: directory)
    // Compared when the draft is asked for, not kept: a tokenizer.json can be 256 MiB.
    guard let draftTokenizer = draft.checkpoint?.tokenizerPath,
      try InputFile.contents(of: targetTokenizer) == InputFile.contents(of: draftTokenizer)
    else {
      throw CommandError.usage(
        "--draft-model: \(directory)/tokenizer.json is not --model's tokenizer.json; speculative sampling needs one vocabulary",
        flag: "--draft-model")
    }
    return draft
  }
}
