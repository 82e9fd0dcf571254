import Foundation

/// Finds the bundled resource folders (templates, static files). SwiftPM's bundle layout differs
/// between platforms — on Linux `resourceURL` already ends in `Resources` — so try both.
enum ServerResources {
    static func directory(_ name: String) -> String? {
        let candidates = [
            Bundle.module.bundleURL.appendingPathComponent("Resources").appendingPathComponent(name),
            Bundle.module.resourceURL?.appendingPathComponent(name),
            Bundle.module.resourceURL?.appendingPathComponent("Resources").appendingPathComponent(name),
        ].compactMap { $0 }
        var isDirectory: ObjCBool = false
        return candidates.first { FileManager.default.fileExists(atPath: $0.path, isDirectory: &isDirectory) && isDirectory.boolValue }?.path
    }
}
