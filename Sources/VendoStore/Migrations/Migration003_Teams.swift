extension Migration {
    /// Teams, and their members as rows, so that "records of my teams" is a SQL condition.
    static let teams = Migration(version: 3, name: "teams and team members", statements: [
        """
        CREATE TABLE teams (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL)
        """,
        "CREATE TABLE team_members (team_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (team_id, user_id))",
        "CREATE INDEX team_members_user ON team_members (user_id, team_id)",
        "CREATE INDEX teams_created ON teams (created_at, id)",
        "CREATE INDEX teams_modified ON teams (modified_at, id)",
        "CREATE INDEX teams_state ON teams (state, created_at, id)",
        "CREATE INDEX teams_status ON teams (status, created_at, id)",
        "CREATE INDEX teams_owner ON teams (owner_id, created_at, id)",
    ])
}
