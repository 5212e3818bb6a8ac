import Kelvin

extension GenerateCommand.Options {
  /// Which options go together: beam search and the comparison each ignore some.
  static var relations: [OptionRelation<Self>] {
    let chain = ChainOptions.declarations(at: \Self.chain).map(\.keyPath)
    let sampling: [PartialKeyPath<Self>] = [\.chain.settings.temperature, \.chain.seed]
    return [
      .excludesAll(
        \.modelDirectory, [\.model.corpus, \.model.order, \.draftOrder, \.speculativeStudy],
        because:
          "--corpus and --order train the built-in model, and --draft-order drafts with it (use --draft-model)"
      ),
      .requires(\.lengthPenalty, \.beam),
      .appliesOnly(\.samples, when: "with --temperatures or --speculative-study") {
        $0.temperatures != nil || $0.speculativeStudy
      },
      .requires(\.stochastic, \.beam), .requires(\.draftModel, \.modelDirectory),
      .appliesOnly(\.draftTokens, when: "with --draft-order or --draft-model") {
        $0.draftOrder != nil || $0.draftModel != nil
      },
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
      .excludesAll(
        \.draftModel, [\.beam, \.temperatures, \.stop, \.topLogprobs],
        because: "speculative sampling draws one sequence through the chain"),
      .excludes(
        \.stochastic, \.lengthPenalty,
        because: "stochastic beam search samples sequences; it does not rank them"),
      .excludesAll(
        \.beam,
        [\.temperatures, \.stop, \.topLogprobs] + chain.filter { !sampling.contains($0) },
        because: "beam search ranks whole sequences of the model's distribution"),
      .appliesOnly(\.chain.settings.temperature, when: "to sampling and --beam with --stochastic") {
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
