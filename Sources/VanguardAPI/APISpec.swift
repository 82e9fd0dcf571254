import Foundation

/// The contract itself, served at `/api/openapi.yaml` so clients and fuzzers read what the server runs.
public enum APISpec {
    public static func yaml() -> Data? {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else { return nil }
        return try? Data(contentsOf: url)
    }
}
