import Foundation
import Kelvin

extension FuzzHarness {
  /// Reads the input as a `config.json` (``ModelConfiguration``), and when it is accepted,
  /// builds the rotary frequencies it describes: every outcome but an error or a checked
  /// configuration is a finding.
  public static func modelConfigInputs(_ data: Data) {
    guard let configuration = try? ModelConfiguration(json: Array(data), path: "config.json")
    else { return }
    precondition(configuration.vocabularySize >= 1 && configuration.hiddenSize >= 1)
    precondition(configuration.heads % configuration.keyValueHeads == 0)
    precondition(configuration.headSize >= 1)
  }
}
