# The README's two commands: `make run` starts Sanctum, `make test` runs every test.
.PHONY: run test build prereqs bench drill

run: prereqs
	dotnet run --project Sanctum.AppHost --launch-profile http

test: prereqs
	dotnet test Sanctum.sln

build:
	dotnet build Sanctum.sln

# Benchmark harness (bench/README.md): `make bench` (both scales) or `make bench QUICK=1` (small, short).
bench: prereqs
	QUICK=$(QUICK) bash bench/run.sh

prereqs:
	@bash scripts/prereqs.sh

# Fault drills (bench/drill/README.md): 2 replicas under load; Redis, PostgreSQL, pool and replica faults; nothing lost.
# Writes bench/out/drills.json and drills.md; `make drill DRILL_PUBLISH=1` also copies them to bench/results/.
drill: prereqs
	DRILL_PUBLISH=$(DRILL_PUBLISH) bash bench/drill.sh
