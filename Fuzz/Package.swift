// swift-tools-version: 6.0
// Fuzz targets for Kelvin's file readers, its specification grammar, its constraint inputs and tokenizer.json. A separate package (so that the main package never
// carries unsafe flags): build and run with Fuzz/run.sh.
import PackageDescription

let fuzzerSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
  name: "KelvinFuzz",
  dependencies: [.package(name: "Kelvin", path: "..")],
  targets: [
    .target(
      name: "FuzzSupport", dependencies: [.product(name: "Kelvin", package: "Kelvin")]),
    .executableTarget(
      name: "FuzzNpy", dependencies: ["FuzzSupport"],
      swiftSettings: fuzzerSettings),
    .executableTarget(
      name: "FuzzSafetensors", dependencies: ["FuzzSupport"],
      swiftSettings: fuzzerSettings),
    .executableTarget(
      name: "FuzzText", dependencies: ["FuzzSupport"],
      swiftSettings: fuzzerSettings),
    .executableTarget(
      name: "FuzzCSV", dependencies: ["FuzzSupport"],
      swiftSettings: fuzzerSettings),
    .executableTarget(
      name: "FuzzSpecification", dependencies: ["FuzzSupport"],
      swiftSettings: fuzzerSettings),
    .executableTarget(
      name: "FuzzConstraint", dependencies: ["FuzzSupport"],
      swiftSettings: fuzzerSettings),
    .executableTarget(
      name: "FuzzTokenizer", dependencies: ["FuzzSupport"],
      swiftSettings: fuzzerSettings),
    .executableTarget(
      name: "FuzzModelConfig", dependencies: ["FuzzSupport"],
      swiftSettings: fuzzerSettings),
  ],
  swiftLanguageModes: [.v6]
)
