extension Migration {
    /// Teams, and their members as rows, so that "records of my teams" is a SQL condition.
    static let teams = Migration(version: 3, name: "teams and team members", statements: [
        recordTable("teams"),
        "CREATE TABLE team_members (team_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (team_id, user_id))",
        "CREATE INDEX team_members_user ON team_members (user_id, team_id)",
    ] + recordIndexes("teams"))
}
