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

  /// Generates and prints: reads the model, the prompt and the request, then runs the mode the
  /// options select (stochastic beam, beam, speculative study, speculative, temperature
  /// comparison, sampling).
  static func run(_ options: Options, output: CommandOutput) throws {
    var built =
      try options.modelDirectory.map { try DecodingModel(directory: $0) }
      ?? DecodingModel(builtIn: options.model)
    let prompt = try built.encode(options.prompt, what: "--prompt")
    var options = options
    let request = try options.request(built, output)
    if let width = options.beam, options.stochastic {
      return try GenerateReport.stochasticBeam(
        options, width: width, prompt: prompt, &built, output)
    }
    if let width = options.beam {
      return try GenerateReport.beam(
        options, width: width, prompt: prompt, &built,
        constraint: request.constraint as? RegexConstraint, output)
    }
    if options.draftOrder != nil || options.draftModel != nil {
      var draft = try options.draft(sharing: built)
      if options.speculativeStudy {
        return try GenerateReport.speculativeStudy(options, &built, &draft, output)
      }
      let chain = try options.chain(of: request)
      let result = try speculativeGenerate(
        prompt: prompt, target: &built.model, draft: &draft.model, chain: chain,
        draftTokens: options.draftTokens, maxTokens: options.maxTokens)
      return try GenerateReport.speculative(result, chain: chain, options, built, output)
    }
    if let temperatures = options.temperatures {
      let comparison = try TemperatureComparison(
        temperatures: temperatures, samples: options.samples, prompt: prompt,
        model: &built.model, tokenizer: built.tokenizer, maxTokens: options.maxTokens
      ) { temperature, sample in
        try options.chain(of: request, sequence: UInt64(sample), temperature: temperature)
      }
      return try GenerateReport.comparison(comparison, prompt: options.prompt, options, output)
    }
    var chain = try options.chain(of: request)
    // The prompt goes out with the first token, once the chain has worked on the model's
    // logits: a chain that fails at once (a bias for a token outside the vocabulary) leaves
    // stdout empty.
    var pending = options.format == .table ? PrintableText.text(options.prompt) : nil
    var printed = ""
    let tokenizer = built.tokenizer
    let generation = try generate(
      prompt: prompt, model: &built.model, chain: &chain, tokenizer: tokenizer,
      maxTokens: options.maxTokens, stop: options.stop, topLogprobs: options.topLogprobs
    ) { step in
      switch options.format {
      case .table:
        try output.write((pending ?? "") + PrintableText.text(step.text))
        printed += step.text
        pending = ""
      case .jsonl:
        try output.json(try GenerateReport.step(json: step, options, tokenizer))
      case .json: return
      }
      try output.flush()
    }
    if let pending { try output.write(pending) }
    // A character cut by the token limit was held back; the text ends with what remains.
    if options.format == .table, generation.text.hasPrefix(printed),
      generation.text.count > printed.count
    {
      try output.write(PrintableText.text(String(generation.text.dropFirst(printed.count))))
    }
    try GenerateReport.sampled(
      generation, chain: chain, options, tokenizer,
      constraint: request.constraint as? RegexConstraint, output)
  }
}
