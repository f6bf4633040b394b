# The README's two commands: `make run` starts Sanctum, `make test` runs every test.
.PHONY: run test build prereqs

run: prereqs
	dotnet run --project Sanctum.AppHost --launch-profile http

test: prereqs
	dotnet test Sanctum.sln

build:
	dotnet build Sanctum.sln

prereqs:
	@bash scripts/prereqs.sh
