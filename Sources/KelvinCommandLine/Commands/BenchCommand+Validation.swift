import Kelvin

extension BenchCommand.Options {
  /// Self that a mode ignores are refused.
  static var relations: [OptionRelation<Self>] {
    [
      .excludes(\.operation, \.chain), .excludes(\.temperature, \.chain),
      .excludes(\.operation, \.preset), .excludes(\.temperature, \.preset),
      .excludes(\.chain, \.preset),
      .excludes(\.vocabulary, \.input, because: "the file's row length is the vocabulary"),
      .excludes(\.seed, \.input, because: "the file's values are timed"),
      .requires(\.eos, \.tokenizer),
      .excludes(\.vocabulary, \.tokenizer, because: "the file's tokens are the vocabulary"),
    ] + ConstraintOptions.relations(at: \.constraint)
  }

  /// The batch must fit; temperature and log-probabilities only where they apply.
  func validate(given: GivenOptions<Self>) throws {
    if let error = Limits.product(
      ("--batch", batch), ("--vocab", vocabulary), limit: Limits.batchValues, what: "values")
    {
      throw error
    }
    if modelDirectory != nil && operation != .model {
      throw CommandError.usage("--model applies to --op model only", flag: "--model")
    }
    if operation == .model || operation == .tokenize {
      // Neither times logits, so the options of the sampling workloads do not apply.
      var ignored: [(PartialKeyPath<Self>, String)] = [
        (\Self.batch, "--batch"), (\Self.threads, "--threads"),
        (\Self.temperature, "--temperature"), (\Self.vocabulary, "--vocab"),
        (\Self.seed, "--seed"), (\Self.logprobs, "--logprobs"), (\Self.eos, "--eos"),
        (\Self.constraint.regex, "--regex"), (\Self.constraint.jsonSchema, "--json-schema"),
      ]
      if operation == .model {
        ignored += [
          (\Self.tokenizer, "--tokenizer"), (\Self.input, "--input"), (\Self.lines, "--lines"),
        ]
      }
      if let (_, flag) = ignored.first(where: { given.contains($0.0) }) {
        throw CommandError.usage(
          "\(flag) does not apply to --op \(operation.rawValue)", flag: flag)
      }
      return
    }
    if lines {
      throw CommandError.usage("--lines applies to --op tokenize only", flag: "--lines")
    }
    if operation != .constraint {
      let constraintOnly: [(PartialKeyPath<Self>, String)] = [
        (\Self.constraint.regex, "--regex"), (\Self.constraint.jsonSchema, "--json-schema"),
        (\Self.tokenizer, "--tokenizer"),
      ]
      if let (_, flag) = constraintOnly.first(where: { given.contains($0.0) }) {
        throw CommandError.usage("\(flag) applies to --op constraint only", flag: flag)
      }
    }
    if operation == .constraint {
      let ignored: [(PartialKeyPath<Self>, String)] = [
        (\Self.batch, "--batch"), (\Self.threads, "--threads"),
        (\Self.temperature, "--temperature"), (\Self.input, "--input"),
        (\Self.logprobs, "--logprobs"),
      ]
      if let (_, flag) = ignored.first(where: { given.contains($0.0) }) {
        throw CommandError.usage("\(flag) does not apply to --op constraint", flag: flag)
      }
      if tokenizer == nil, vocabulary < ConstraintBenchmark.minimumVocabulary {
        throw CommandError.usage(
          "--op constraint needs --vocab ≥ \(ConstraintBenchmark.minimumVocabulary) (every byte and an end of sequence), got \(vocabulary)",
          flag: "--vocab")
      }
    }
    if operation == .greedy, given.contains(\.temperature) {
      throw CommandError.usage(
        "--temperature does not apply to --op greedy", flag: "--temperature")
    }
    if logprobs, chain == nil, preset == nil, operation != .greedy {
      throw CommandError.usage(
        "--logprobs applies to --chain, --preset and --op greedy", flag: "--logprobs")
    }
  }
}
