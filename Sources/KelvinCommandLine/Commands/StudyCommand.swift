import Foundation
import Kelvin

/// `kelvin study`: greedy decoding, beam search and sampling side by side on the built-in
/// model, measured against the human continuations of a held-out text.
enum StudyCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "study",
    abstract:
      "Compare greedy, beam search, sampling at several temperatures, top-k, top-p, min-p and stochastic beam search on held-out prompts.",
    discussion: """
      Runs every strategy on the same --prompts prompts: the first 5 words of verses spread \
      evenly through the held-out text (Isaiah 40–55, a book the model is not trained on, or \
      --held-out FILE with one passage per line), each continued once, to the end of the \
      verse (a newline) or --max-tokens characters. Sampling strategies and stochastic beam \
      search use random sequence i of --seed for prompt i, so the table is reproducible and \
      --threads changes only the speed. Columns, after Holtzman et al. (ICLR 2020): the mean \
      log-probability per character of the generated text under the model and its \
      perplexity; the fraction of texts that end in a repetition loop (a final stretch of at \
      least 20 characters, and at least one period, that repeats the characters one period \
      before it); distinct-1 and distinct-2 (distinct word unigrams and bigrams over all, \
      words split at spaces); self-BLEU-4 of each text against all the others (NLTK's \
      sentence BLEU with smoothing method 1, as Texygen); the Zipf coefficient of the word \
      frequencies (least-squares slope of log frequency on log rank); and the mean length in \
      characters. The human row measures the held-out continuations the same way. beam(W) \
      reports the best hypothesis (length penalty 1); stochastic_beam(K,t=τ) draws K distinct \
      sequences without replacement (Kool et al., ICML 2019) and reports the likeliest. \
      "Beam beats greedy" is the fraction of prompts where beam search of that width, with \
      every continuation exactly --max-tokens characters long (no end of sequence), found \
      one of strictly higher total log-probability than greedy decoding.
      """ + "\n\n" + ModelOptions.vocabularyNote,
    examples: [
      "kelvin study",
      "kelvin study --prompts 100 --max-tokens 300 --format json",
      "kelvin study --plot study.svg",
    ])

  /// The options of `kelvin study`.
  struct Options: CommandOptions {
    var prompts = 100
    var maxTokens = 200
    var seed: UInt64 = 0
    var threads = 2
    var heldOut: String?
    var plot: String?
    var model = ModelOptions()
    var quiet = false
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      [
        .option(
          \.prompts, "prompts", "N", help: "Prompts per strategy.", .integer(Limits.studyPrompts)),
        .option(
          \.maxTokens, "max-tokens", "N", help: "The most characters per continuation.",
          .integer(Limits.generatedTokens)),
        .option(\.seed, "seed", "S", help: "Seed of the sampling strategies.", .seed),
        .option(\.threads, "threads", "T", help: "Threads.", .integer(Limits.threads)),
        .option(
          \.heldOut, "held-out", "FILE",
          help: "Draw prompts and human continuations from this UTF-8 text, one passage per line.",
          .nonEmpty("a file path"), default: "Isaiah 40–55", path: true),
        .option(
          \.plot, "plot", "FILE.svg",
          help:
            "Draw perplexity against distinct-2, one point per strategy, the human text marked.",
          .svgPath, path: true),
      ] + ModelOptions.declarations(at: \.model) + [.quiet(\.quiet), .format(\.format)]
    }
  }

  /// Runs the study and prints its table.
  static func run(_ options: Options, output: CommandOutput) throws {
    if options.quiet { output.quiet() }
    let plot = try options.plot.map { try AtomicOutputFile(path: $0) }
    let text = try heldOutText(options.heldOut)
    let available = StudyPrompt.availableCount(in: text)
    guard options.prompts <= available else {
      throw CommandError.usage(
        "--prompts \(options.prompts): \(options.heldOut ?? "the held-out text") has \(available) passages of at least 13 words"
      )
    }
    let prompts = StudyPrompt.drawn(from: text, count: options.prompts)
    let built = try options.model.model()
    let reporter = ProgressReporter(
      label: "study", total: prompts.count, unit: "prompts", output: output)
    let study = try DecodingStudy(
      prompts: prompts, model: built.model, tokenizer: built.tokenizer,
      maxTokens: options.maxTokens, seed: options.seed, threads: options.threads
    ) { _ in reporter.advance() }
    output.endProgress()
    if let plot {
      try plot.write(StudyReport.plot(study, options))
      try plot.commit()
    }
    try StudyReport.write(study, options, output)
  }

  /// The held-out text: the bundled Isaiah 40–55 or the user's file.
  static func heldOutText(_ path: String?) throws -> String {
    guard let path else {
      do {
        return try BuiltInModel.heldOutText()
      } catch {
        throw CommandError(.ioError, "the held-out text is missing from the installation: \(error)")
      }
    }
    return try InputFile.text(of: path, invalid: "the held-out text is not valid UTF-8")
  }
}
