# The README's two commands: `make run` starts Sanctum, `make test` runs every test.
.PHONY: run test build prereqs bench

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
