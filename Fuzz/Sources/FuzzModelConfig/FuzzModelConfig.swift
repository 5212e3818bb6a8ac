import Foundation
import FuzzSupport

/// libFuzzer entry point: reads the input as a model's config.json
/// (see `FuzzHarness.modelConfigInputs`).
///
/// Any outcome but a crash, a sanitizer report, a leak or a hang is acceptable; errors are
/// the expected answer to most inputs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  FuzzHarness.modelConfigInputs(Data(bytes: data, count: size))
  return 0
}

/// SwiftPM links an executable's entry point under this name.
@_cdecl("FuzzModelConfig_main")
public func fuzzMain(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
  FuzzHarness.main(argc, argv) { data, size in fuzzOneInput(data, size) }
}
