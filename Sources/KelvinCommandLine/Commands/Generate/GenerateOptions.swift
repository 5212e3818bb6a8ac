import Kelvin

extension GenerateCommand {
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
    var modelDirectory: String?
    var draftModel: String?
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
          \.draftTokens, "draft-tokens", "K",
          help: "With --draft-order or --draft-model: tokens drafted a round.",
          .integer(Limits.draftTokens)),
        .flag(
          \.speculativeStudy, "speculative-study",
          help:
            "With --draft-order: acceptance rate and tokens per target call at τ = 0, 0.3, 0.7, 1, 1.5 and K = 2, 4, 8 over --samples held-out prompts (the preset's chain otherwise fixed)."
        ),
        .option(
          \.modelDirectory, "model", "DIR",
          help:
            "Generate with this Hugging Face model directory instead of the built-in 6-gram (builtin-gpt2: the small GPT-2 that ships with Kelvin, trained on the bundled corpus): config.json, model.safetensors (GPT2LMHeadModel, LlamaForCausalLM, MistralForCausalLM or Qwen2ForCausalLM; f32, f16 or bf16) and tokenizer.json, run natively with a key-value cache. The prompt is encoded with the tokenizer's template (its begin-of-text token).",
          .nonEmpty("a directory path"), default: "the built-in model", path: true),
        .option(
          \.draftModel, "draft-model", "DIR",
          help:
            "With --model: speculative sampling, drafting with this (smaller) checkpoint, which must have the same tokenizer.json; the output follows --model's distribution exactly.",
          .nonEmpty("a directory path"), path: true),
      ] + ConstraintOptions.declarations(at: \.constraint) + ChainOptions.declarations(at: \.chain)
        + ModelOptions.declarations(at: \.model) + [
          .format(\.format, streams: true)
        ]
    }
  }
}
