import SQLite

/// The control-plane schema, as forward-only migrations (append new ones; never edit a landed one).
public enum StoreSchema {
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "control plane", sql: """
            CREATE TABLE meta (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            CREATE TABLE organizations (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                resource_version INTEGER NOT NULL DEFAULT 1
            );
            CREATE TABLE environments (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                organization_id TEXT NOT NULL REFERENCES organizations(id),
                display_name TEXT NOT NULL,
                governance_package TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                resource_version INTEGER NOT NULL DEFAULT 1
            );
            CREATE TABLE kafka_clusters (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
                display_name TEXT NOT NULL,
                cloud TEXT NOT NULL,
                region TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                resource_version INTEGER NOT NULL DEFAULT 1
            );
            CREATE INDEX kafka_clusters_environment ON kafka_clusters(environment_id);
            CREATE TABLE compute_pools (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
                display_name TEXT NOT NULL,
                cloud TEXT NOT NULL,
                region TEXT NOT NULL,
                max_cfu INTEGER NOT NULL,
                is_default INTEGER NOT NULL DEFAULT 0,
                phase TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                resource_version INTEGER NOT NULL DEFAULT 1
            );
            CREATE INDEX compute_pools_environment ON compute_pools(environment_id);
            CREATE TABLE jobs (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
                organization_id TEXT NOT NULL,
                name TEXT NOT NULL,
                current_version INTEGER NOT NULL,
                compute_pool_id TEXT NOT NULL REFERENCES compute_pools(id) ON DELETE CASCADE,
                status TEXT NOT NULL,
                scaling_status TEXT NOT NULL,
                failure_message TEXT,
                held_cfu INTEGER NOT NULL DEFAULT 0,
                created_by TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                resource_version INTEGER NOT NULL DEFAULT 1,
                UNIQUE (environment_id, name)
            );
            CREATE INDEX jobs_pool ON jobs(compute_pool_id);
            CREATE TABLE job_versions (
                job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                number INTEGER NOT NULL,
                sql TEXT NOT NULL,
                parallelism INTEGER NOT NULL,
                checkpoint_interval INTEGER NOT NULL,
                checkpoint_mode TEXT NOT NULL,
                compute_pool_id TEXT NOT NULL,
                labels TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                created_by TEXT NOT NULL,
                state TEXT NOT NULL,
                end_reason TEXT,
                ended_at INTEGER,
                rolled_back_from INTEGER,
                PRIMARY KEY (job_id, number)
            );
            CREATE TABLE job_labels (
                job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (job_id, key)
            );
            CREATE INDEX job_labels_key ON job_labels(key, value);
            CREATE TABLE api_keys (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                owner TEXT NOT NULL,
                description TEXT NOT NULL,
                salt BLOB NOT NULL,
                secret_hash BLOB NOT NULL,
                created_at INTEGER NOT NULL,
                resource_version INTEGER NOT NULL DEFAULT 1
            );
            CREATE TABLE job_logs (
                job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                ts INTEGER NOT NULL,
                level TEXT NOT NULL,
                message TEXT NOT NULL,
                PRIMARY KEY (job_id, seq)
            );
            """),
        Migration(version: 2, name: "hot-path indexes", sql: """
            CREATE INDEX jobs_environment_seq ON jobs(environment_id, seq);
            CREATE INDEX jobs_pool_held ON jobs(compute_pool_id, held_cfu) WHERE held_cfu > 0;
            CREATE INDEX jobs_pool_waiting ON jobs(compute_pool_id, seq) WHERE scaling_status = 'POOL_EXHAUSTED';
            """),
        Migration(version: 3, name: "statements and the environment catalog", sql: """
            CREATE TABLE statements (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
                organization_id TEXT NOT NULL,
                name TEXT NOT NULL,
                uid TEXT NOT NULL,
                statement TEXT NOT NULL,
                properties TEXT NOT NULL,
                labels TEXT NOT NULL,
                compute_pool_id TEXT NOT NULL,
                principal TEXT NOT NULL,
                stopped INTEGER NOT NULL,
                phase TEXT NOT NULL,
                detail TEXT NOT NULL,
                traits TEXT,
                scaling_status TEXT NOT NULL,
                latest_offsets TEXT NOT NULL,
                latest_offsets_at INTEGER,
                job_id TEXT REFERENCES jobs(id) ON DELETE CASCADE,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                end_time INTEGER,
                resource_version INTEGER NOT NULL DEFAULT 1,
                UNIQUE (environment_id, name)
            );
            CREATE INDEX statements_job ON statements(job_id) WHERE job_id IS NOT NULL;
            CREATE TABLE statement_exceptions (
                statement_seq INTEGER NOT NULL REFERENCES statements(seq) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                ts INTEGER NOT NULL,
                name TEXT NOT NULL,
                message TEXT NOT NULL,
                PRIMARY KEY (statement_seq, seq)
            );
            CREATE TABLE statement_results (
                statement_seq INTEGER NOT NULL REFERENCES statements(seq) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                op INTEGER NOT NULL,
                row TEXT NOT NULL,
                PRIMARY KEY (statement_seq, position)
            );
            CREATE TABLE catalog_objects (
                environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                ddl TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (environment_id, name)
            );
            """),
        Migration(version: 4, name: "cmf", sql: """
            CREATE TABLE cmf_environments (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL UNIQUE,
                environment_id TEXT NOT NULL UNIQUE REFERENCES environments(id) ON DELETE CASCADE,
                default_pool_id TEXT,
                kubernetes_namespace TEXT NOT NULL,
                application_defaults TEXT,
                compute_pool_defaults TEXT,
                statement_defaults TEXT,
                secrets TEXT NOT NULL,
                labels TEXT NOT NULL,
                annotations TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );
            CREATE TABLE cmf_resources (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL,
                scope TEXT NOT NULL,
                name TEXT NOT NULL,
                uid TEXT NOT NULL UNIQUE,
                environment_id TEXT REFERENCES environments(id) ON DELETE CASCADE,
                job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
                ref TEXT,
                metadata TEXT NOT NULL,
                spec TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                UNIQUE (kind, scope, name)
            );
            CREATE INDEX cmf_resources_job ON cmf_resources(job_id) WHERE job_id IS NOT NULL;
            CREATE TABLE cmf_application_instances (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                application_uid TEXT NOT NULL REFERENCES cmf_resources(uid) ON DELETE CASCADE,
                uid TEXT NOT NULL UNIQUE,
                spec TEXT NOT NULL,
                job_id TEXT,
                job_version INTEGER,
                job_state TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );
            CREATE INDEX cmf_application_instances_app ON cmf_application_instances(application_uid, seq);
            CREATE TABLE cmf_application_events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                application_uid TEXT NOT NULL REFERENCES cmf_resources(uid) ON DELETE CASCADE,
                uid TEXT NOT NULL UNIQUE,
                instance TEXT,
                type TEXT NOT NULL,
                message TEXT NOT NULL,
                data_kind TEXT,
                data_value TEXT,
                created_at INTEGER NOT NULL
            );
            CREATE INDEX cmf_application_events_app ON cmf_application_events(application_uid, seq);
            """),
        Migration(version: 5, name: "rolling updates and rollback", sql: """
            ALTER TABLE jobs ADD COLUMN update_phase TEXT;
            ALTER TABLE jobs ADD COLUMN latest_offsets TEXT NOT NULL DEFAULT '';
            ALTER TABLE jobs ADD COLUMN latest_offsets_at INTEGER;
            ALTER TABLE job_versions ADD COLUMN auto_rollback INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE job_versions ADD COLUMN rollback_probation INTEGER;
            ALTER TABLE job_versions ADD COLUMN cause TEXT;
            ALTER TABLE job_versions ADD COLUMN restore_from_version INTEGER;
            ALTER TABLE job_versions ADD COLUMN state_restore TEXT;
            ALTER TABLE job_versions ADD COLUMN state_restore_reason TEXT;
            ALTER TABLE job_versions ADD COLUMN state_restore_from INTEGER;
            ALTER TABLE job_versions ADD COLUMN state_restore_path TEXT;
            ALTER TABLE job_versions ADD COLUMN switch_gap_ms INTEGER;
            """),
    ]

    public static var version: Int { migrations.count }
}
