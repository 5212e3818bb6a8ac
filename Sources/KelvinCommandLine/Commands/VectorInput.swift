/// Where a command's vector comes from: the seam through which file inputs (`--input`) arrive
/// in a later layer without the commands changing.
///
/// Today a vector is given inline as comma-separated numbers (`--logits 2,1,0.5`).
public enum VectorInput {
  /// Reads the vector named by option `flag`.
  ///
  /// - Throws: ``CommandError`` (64) when the option is missing or malformed.
  public static func vector(_ flag: String, from arguments: ParsedArguments) throws -> [Double] {
    try ValueParsing.numberList(arguments.required(flag), flag: flag)
  }
}
