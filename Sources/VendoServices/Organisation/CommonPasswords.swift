/// Passwords that lead every published list of leaked passwords; refused whatever their length.
enum CommonPasswords {
    static func contains(_ password: String) -> Bool { list.contains(password.lowercased()) }

    private static let list: Set<String> = [
        "123456789012", "1234567890123", "12345678901234", "password1234", "password12345", "password123456",
        "passwordpassword", "qwertyuiop12", "qwertyuiopasdf", "qwerty123456", "1q2w3e4r5t6y", "1qaz2wsx3edc",
        "aaaaaaaaaaaa", "abcdefghijkl", "abc123abc123", "iloveyou1234", "letmein12345", "welcome12345",
        "administrator", "changeme1234", "trustno1trustno1", "football1234", "baseball1234", "sunshine1234",
        "princess1234", "superman1234", "monkey123456", "dragon123456", "starwars1234", "whatever1234",
        "passw0rd1234", "p@ssw0rd1234", "p@ssword1234", "qwertyqwerty", "asdfghjkl123", "zxcvbnm12345",
        "000000000000", "111111111111", "121212121212", "123123123123", "987654321098", "motdepasse12",
        "motdepasse123", "azertyuiop12", "azerty123456", "soleil123456", "bonjour12345",
    ]
}
