import KelvinSampling

/// Everything a generation asks for besides the prompt and the model: where its chain comes
/// from, the request's own processors, a constraint and the seed, assembled into the chain each
/// sequence runs by ``samplerChain(sequence:temperature:)``.
///
/// The order is fixed and stated once here: `allowed_tokens` first, then `min_tokens`, then
/// `bad_words`, then the chain; with a generation config the file's chain (as transformers
/// builds it) takes the request's `min_tokens` and bad words into its own settings instead.
/// A constraint is bound to the chain's `constraint` items, or put first when it has none.
public struct GenerationRequest: Sendable {
  /// Where the chain comes from.
  public enum Source: Sendable {
    /// A chain given as a value (a parsed `--chain`).
    case chain(ChainDescription)
    /// A preset with settings (the shorthand flags).
    case preset(SamplerPreset, SamplerSettings)
    /// A transformers generation config with overrides of its sampling settings, as
    /// `generate(temperature=…)` overrides the file in transformers.
    case config(GenerationConfig, overrides: SamplerSettings)
  }

  /// Where the chain comes from.
  public var source: Source
  /// The seed of every sequence's random stream.
  public var seed: UInt64
  /// The model's end-of-sequence token (what `min_tokens` bans), if it has one.
  public var endOfSequence: Int?
  /// Ban the end of sequence until this many tokens are generated (`nil`: the source's own).
  public var minTokens: Int?
  /// Generate only these ids (`nil`: any).
  public var allowedTokens: [Int]?
  /// Token sequences never to generate.
  public var badWords: [[Int]]
  /// The constraint the text must follow, if any.
  public var constraint: (any TokenConstraint)?

  /// A request with no processors of its own and no constraint.
  public init(
    _ source: Source, seed: UInt64 = 0, endOfSequence: Int? = nil, minTokens: Int? = nil,
    allowedTokens: [Int]? = nil, badWords: [[Int]] = [], constraint: (any TokenConstraint)? = nil
  ) {
    self.source = source
    self.seed = seed
    self.endOfSequence = endOfSequence
    self.minTokens = minTokens
    self.allowedTokens = allowedTokens
    self.badWords = badWords
    self.constraint = constraint
  }

  /// The chain of sequence `sequence`.
  ///
  /// - Parameter temperature: A temperature that replaces the source's (a row of a temperature
  ///   comparison): the preset's or the config's setting, or every `temperature` item of a
  ///   given chain (one is added last when it has none).
  /// - Throws: ``DecodingError/samplingSettingOfGreedyConfig(_:)`` for a sampling override of
  ///   a config whose `do_sample` is false; ``SamplingError/unboundConstraint`` for a chain
  ///   with a `constraint` item and no constraint; ``SamplingError`` for a value a processor
  ///   refuses.
  public func samplerChain(sequence: UInt64 = 0, temperature: Double? = nil) throws
    -> SamplerChain
  {
    var description: ChainDescription
    // The request's own processors; with a config, min_tokens and the bad words go into the
    // config's settings instead, where transformers puts them.
    var ownProcessors: [any LogitsProcessor] = []
    switch source {
    case .chain(let given):
      description = given
      if let temperature { try Self.replaceTemperature(in: &description, with: temperature) }
      ownProcessors = try requestProcessors()
    case .preset(let preset, var settings):
      if let temperature { settings.temperature = temperature }
      description = try preset.chain(settings)
      ownProcessors = try requestProcessors()
    case .config(let file, var overrides):
      if let temperature { overrides.temperature = temperature }
      if !file.doSample, let setting = Self.samplingSetting(in: overrides) {
        throw DecodingError.samplingSettingOfGreedyConfig(setting)
      }
      var config = try file.overridden(by: overrides)
      if let minTokens { config.minNewTokens = minTokens }
      config.badWordsIDs += badWords
      description = try config.chainDescription(endOfSequence: endOfSequence.map { [$0] } ?? [])
    }
    if let allowedTokens { ownProcessors.insert(try AllowedTokens(allowedTokens), at: 0) }
    description.processors.insert(contentsOf: ownProcessors, at: 0)
    var chain = SamplerChain(description, seed: seed, sequence: sequence)
    if let constraint {
      chain.bind(constraint)
    } else if chain.processors.contains(where: { $0 is ConstraintProcessor }) {
      throw SamplingError.unboundConstraint
    }
    return chain
  }

  /// `min_tokens` (when there is an end of sequence to ban) then `bad_words`, as the request
  /// asks for them.
  func requestProcessors() throws -> [any LogitsProcessor] {
    var processors: [any LogitsProcessor] = []
    if let minTokens, minTokens > 0, let endOfSequence {
      processors.append(try MinTokens(minTokens, endOfSequence: endOfSequence))
    }
    if !badWords.isEmpty { processors.append(try BadWords(badWords)) }
    return processors
  }

  /// The first sampling setting `settings` gives (`temperature`, `top_k`, `top_p`, `min_p`,
  /// `typical_p`), or `nil`.
  static func samplingSetting(in settings: SamplerSettings) -> String? {
    let given: [(String, Bool)] = [
      ("temperature", settings.temperature != nil), ("top_k", settings.topK != nil),
      ("top_p", settings.topP != nil), ("min_p", settings.minP != nil),
      ("typical_p", settings.typicalP != nil),
    ]
    return given.first(where: \.1)?.0
  }

  /// Sets every `temperature` item of `description` to `value`, or adds one last.
  static func replaceTemperature(in description: inout ChainDescription, with value: Double)
    throws
  {
    let replacement = try Temperature(value)
    var found = false
    for index in description.processors.indices where description.processors[index] is Temperature {
      description.processors[index] = replacement
      found = true
    }
    if !found { description.processors.append(replacement) }
  }
}
