import Kelvin

extension GenerateCommand {
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
}
