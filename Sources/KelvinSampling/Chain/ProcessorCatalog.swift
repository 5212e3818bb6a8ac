import KelvinCore
import KelvinText

/// The processors a chain specification can name, each with its typed parameters.
///
/// Each processor declares its form and parameters (name, range, default, note) once, in its
/// own file (`TopP.Parameter.p`, `TopP.form`); the initialiser checks values with the same
/// declarations, so the chain grammar and the Swift API refuse the same values with the same
/// words. The first parameter is the one `name=value` sets; the others
/// are named (`top_p(p=0.9,min_keep=2)`). Aliases kept for compatibility: `t` for
/// `temperature`'s `temperature`. Every processor's doc comment states its exact semantics;
/// `docs/SAMPLING.md` lists them for users.
public enum ProcessorCatalog {
  /// The catalog the chain grammar builds from.
  public static let catalog = SpecificationCatalog<any LogitsProcessor>(
    kind: "processor",
    forms: [
      Temperature.form, TopK.form, TopP.form, MinP.form, TypicalP.form, TopNSigma.form,
      Epsilon.form, Eta.form, XTC.form, DynamicTemperature.form, Mirostat.form,
      MirostatV2.form, Penalties.form, DRY.form, LogitBias.form, NoRepeatNGram.form,
      BadWords.form, MinTokens.form, AllowedTokens.form, ConstraintProcessor.form,
      AdaptiveP.form, TopH.form,
    ])

  /// Every processor's form, in the order help lists them.
  public static var forms: [SpecificationForm<any LogitsProcessor>] { catalog.forms }
}
