import Kelvin

/// The options that describe a sampler chain.
///
/// `--chain`, or `--preset` with shorthand flags, and `--seed`. Shared by `process`, `sample`, `generate` and the decoding commands.
struct ChainOptions: CommandOptions {
  /// `--chain`, parsed once into processors while the options are read.
  var specification: ChainDescription?
  var preset = SamplerPreset.llama
  var settings = SamplerSettings()
  var seed: UInt64 = 0

  /// `--chain`: any specification the chain grammar builds, parsed here once.
  static let specificationRule = ValueRule<ChainDescription>(
    requirement: "a sampler chain such as top_k=40;top_p=0.95;temperature=0.7",
    counterexamples: ["", "top_q=3", "top_p=1.5", "min_p=1.5", "typical_p=-3", "dist;top_k=1"],
    example: "top_k=40;temperature=0.7",
    read: { text in
      do {
        return try ChainDescription(parsing: text)
      } catch {
        throw ValueRuleViolation(
          requirement: "a sampler chain", text: text, explanation: "\(error)")
      }
    }, spell: { $0.specification })

  /// A shorthand's default as help shows it: every preset's value.
  static func presets(_ value: (SamplerSettings) -> String) -> String {
    SamplerPreset.allCases.map { "\($0.rawValue) \(value($0.defaults))" }.joined(separator: ", ")
  }

  static func number(_ value: Double?) -> String { value.map(NumberFormatting.shortest) ?? "off" }

  static var shorthands: [OptionDeclaration<ChainOptions>] {
    [
      .option(
        \.settings.temperature, "temperature", "T", help: "Preset shorthand: temperature.",
        Temperature.Parameter.temperature.rule, default: presets { number($0.temperature) }),
      .option(
        \.settings.topK, "top-k", "K", help: "Preset shorthand: top-k.",
        TopK.Parameter.k.rule, default: presets { "\($0.topK ?? 0)" }),
      .option(
        \.settings.topP, "top-p", "P", help: "Preset shorthand: top-p.",
        TopP.Parameter.p.rule, default: presets { number($0.topP) }),
      .option(
        \.settings.minP, "min-p", "P", help: "Preset shorthand: min-p.",
        MinP.Parameter.p.rule, default: presets { number($0.minP) }),
      .option(
        \.settings.typicalP, "typical-p", "P", help: "Preset shorthand: typical-p.",
        TypicalP.Parameter.p.rule, default: presets { number($0.typicalP) }),
      .option(
        \.settings.repeatPenalty, "repeat-penalty", "R",
        help: "Preset shorthand: repetition penalty.",
        Penalties.Parameter.repeatPenalty.rule,
        default: presets { number($0.repeatPenalty) }),
      .option(
        \.settings.frequencyPenalty, "frequency-penalty", "F",
        help: "Preset shorthand: frequency penalty.", Penalties.Parameter.frequency.rule,
        default: presets { number($0.frequencyPenalty) }),
      .option(
        \.settings.presencePenalty, "presence-penalty", "F",
        help: "Preset shorthand: presence penalty.", Penalties.Parameter.presence.rule,
        default: presets { number($0.presencePenalty) }),
      .option(
        \.settings.penaltyLastN, "penalty-last-n", "N", help: "Preset shorthand: penalty window.",
        Penalties.Parameter.lastN.rule,
        default: presets { "\($0.penaltyLastN ?? 0)" }),
    ]
  }

  static var declarations: [OptionDeclaration<ChainOptions>] {
    [
      .option(
        \.specification, "chain", "SPEC",
        help:
          "Processors in order, separated by ; or ,: name, name=value or name(key=value,…), optionally ending in dist or greedy. Example: top_k=40;top_p=0.95;temperature=0.7",
        specificationRule, default: "the preset"),
      .option(
        \.preset, "preset", "name",
        help: "Without --chain: llama (llama.cpp's default order) or hf (transformers' order).",
        .choice(SamplerPreset.self)),
    ] + shorthands + [
      .option(\.seed, "seed", "S", help: "Seed of the random stream.", .seed)
    ]
  }

  static func declarations<Outer>(at path: WritableKeyPath<Outer, ChainOptions>)
    -> [OptionDeclaration<Outer>]
  {
    declarations.map { $0.embedded(at: path) }
  }

  /// `--preset` and every shorthand apply only without `--chain`.
  static func relations<Outer: CommandOptions>(at path: WritableKeyPath<Outer, ChainOptions>)
    -> [OptionRelation<Outer>]
  {
    let embedded = declarations(at: path)
    return [
      .excludesAll(
        embedded[0].keyPath, embedded.dropFirst().filter { $0.name != "seed" }.map(\.keyPath),
        because:
          "--preset and its shorthands describe a preset; with --chain write the setting in the chain"
      )
    ]
  }

  /// The chain the options describe, for stream `sequence`.
  ///
  /// - Parameter temperature: A temperature that replaces the preset's (a comparison row).
  /// - Throws: ``CommandError`` (64) naming the option, should a combination of shorthands
  ///   be refused by the chain.
  func chain(sequence: UInt64 = 0, temperature: Double? = nil) throws -> SamplerChain {
    do {
      if let specification {
        return SamplerChain(specification, seed: seed, sequence: sequence)
      }
      var settings = settings
      if let temperature { settings.temperature = temperature }
      return try SamplerChain(preset: preset, settings: settings, seed: seed, sequence: sequence)
    } catch {
      throw CommandError.usage("\(specification == nil ? "--preset" : "--chain"): \(error)")
    }
  }
}
