import ArchiveStore
import Testing
@testable import ArchiveStoreS3

@Suite struct S3CredentialsTests {
    static let file = """
        # shared credentials
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = secret/default

        [profile backup]
        AWS_ACCESS_KEY_ID=AKIDBACKUP
        aws_secret_access_key= secret=with=equals
        aws_session_token = token1
        ; a comment
        [broken]
        aws_access_key_id = only-an-id
        """

    static func files(_ path: String) -> String? { path == "/home/u/.aws/credentials" || path == "/elsewhere" ? file : nil }

    @Test func environmentKeysWinOverProfiles() throws {
        let env = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t", "HOME": "/home/u"]
        #expect(try S3Credentials.resolve(environment: env, readFile: Self.files)
            == S3Credentials(accessKeyID: "AKIDENV", secretAccessKey: "s", sessionToken: "t"))
    }

    @Test func defaultAndNamedProfiles() throws {
        #expect(try S3Credentials.resolve(environment: ["HOME": "/home/u"], readFile: Self.files)
            == S3Credentials(accessKeyID: "AKIDDEFAULT", secretAccessKey: "secret/default"))
        let named = ["AWS_PROFILE": "backup", "AWS_SHARED_CREDENTIALS_FILE": "/elsewhere"]
        #expect(try S3Credentials.resolve(environment: named, readFile: Self.files)
            == S3Credentials(accessKeyID: "AKIDBACKUP", secretAccessKey: "secret=with=equals", sessionToken: "token1"))
    }

    @Test func missingCredentialsSayWhatToSet() {
        let cases: [([String: String], String)] = [
            (["HOME": "/nowhere"], "AWS_ACCESS_KEY_ID"),
            (["HOME": "/home/u", "AWS_PROFILE": "nope"], "no profile [nope]"),
            (["HOME": "/home/u", "AWS_PROFILE": "broken"], "lacks aws_access_key_id or aws_secret_access_key"),
            (["AWS_ACCESS_KEY_ID": "id-without-secret"], "AWS_SECRET_ACCESS_KEY"),
        ]
        for (env, text) in cases {
            let error = #expect(throws: ArchiveStoreError.self) { try S3Credentials.resolve(environment: env, readFile: Self.files) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains(text) == true, "\(error?.message ?? "")")
        }
    }

    @Test func iniParsingKeepsSectionsApart() {
        let sections = S3Credentials.parseINI(Self.file)
        #expect(Set(sections.keys) == ["default", "backup", "broken"])
        #expect(sections["backup"]?["aws_access_key_id"] == "AKIDBACKUP")
        #expect(sections["broken"]?["aws_secret_access_key"] == nil)
    }
}
