#!/usr/bin/env bash
# Builds the .NET bindings that this NuGet registry does not serve into the local feed
# eng/local-feed (named in nuget.config): Constructs (needed by Amazon.CDK.Lib 2.277) and
# Cdklabs.CdkNag (cdk-nag's AwsSolutions checks), both generated from their npm packages with
# jsii-pacmak. Idempotent: a feed that already holds both packages is left as it is.
# Needs the .NET SDK; installs Node.js and npm from Debian packages when they are missing.
set -euo pipefail

CONSTRUCTS_VERSION=10.5.1
CDK_NAG_VERSION=3.0.2
JSII_PACMAK_VERSION=1.140.0
# The newest aws-cdk-lib on npm; pacmak reads its type information to generate cdk-nag's binding.
AWS_CDK_LIB_VERSION=2.276.0

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
feed="$root/eng/local-feed"
work="$root/.local/cdk-build"
mkdir -p "$feed"

have() { compgen -G "$feed/$1" > /dev/null; }
if have "Constructs.$CONSTRUCTS_VERSION.nupkg" && have "Cdklabs.CdkNag.$CDK_NAG_VERSION.nupkg"; then
  echo "setup-cdk: local feed is complete ($feed)"
  exit 0
fi

if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  echo "setup-cdk: installing nodejs and npm"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nodejs npm > /dev/null
fi

mkdir -p "$work"
cd "$work"
if [ ! -f package.json ]; then
  echo '{ "name": "cdk-build", "private": true }' > package.json
fi
echo "setup-cdk: installing npm packages"
npm install --no-audit --no-fund --silent \
  "jsii-pacmak@$JSII_PACMAK_VERSION" \
  "constructs@$CONSTRUCTS_VERSION" \
  "cdk-nag@$CDK_NAG_VERSION" \
  "aws-cdk-lib@$AWS_CDK_LIB_VERSION"

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export DOTNET_CLI_TELEMETRY_OPTOUT=1
# The generated projects build outside the solution's central package management and settings,
# and restore Constructs from the local feed.
for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do
  echo '<Project />' > "$work/$f"
done
cat > "$work/NuGet.Config" <<NUGET
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local-jsii" value="$feed" />
  </packageSources>
</configuration>
NUGET

if ! have "Constructs.$CONSTRUCTS_VERSION.nupkg"; then
  echo "setup-cdk: generating and building the .NET binding of constructs"
  rm -rf "$work/out/constructs"
  npx jsii-pacmak node_modules/constructs --targets dotnet --outdir "$work/out/constructs" --force-subdirectory
  cp "$work/out/constructs/dotnet/Constructs.$CONSTRUCTS_VERSION.nupkg" "$feed/"
fi

if ! have "Cdklabs.CdkNag.$CDK_NAG_VERSION.nupkg"; then
  echo "setup-cdk: generating and building the .NET binding of cdk-nag"
  out="$work/out/cdk-nag/dotnet"
  rm -rf "$work/out/cdk-nag"
  npx jsii-pacmak node_modules/cdk-nag --targets dotnet --outdir "$work/out/cdk-nag" --force-subdirectory --code-only
  csproj="$out/Cdklabs.CdkNag/Cdklabs.CdkNag.csproj"
  # Bind to the versions the solution pins: Amazon.CDK.Lib 2.277 with its jsii runtime, and the
  # AWS CLI asset this registry serves (2.277 asks for exactly 2.2.292, which it does not serve).
  # CS0108: cdk-nag re-declares AppConstruct, which aws-cdk-lib later added to the base interface;
  # the jsii proxy implements both, so the hiding is harmless.
  sed -i \
    -e 's/Include="Amazon.CDK.Lib" Version="[^"]*"/Include="Amazon.CDK.Lib" Version="[2.277.0,3.0.0)"/' \
    -e 's/Include="Amazon.JSII.Runtime" Version="[^"]*"/Include="Amazon.JSII.Runtime" Version="[1.142.0,2.0.0)"/' \
    -e 's#<PackageReference Include="Constructs"#<PackageReference Include="Amazon.CDK.Asset.AwsCliV1" Version="2.2.294" />\n    <PackageReference Include="Constructs"#' \
    -e 's#<WarningsAsErrors>0108,0109</WarningsAsErrors>#<WarningsAsErrors>0109</WarningsAsErrors>#' \
    "$csproj"
  cp "$work/NuGet.Config" "$out/NuGet.Config"
  dotnet build "$csproj" -c Release -nologo -v quiet -p:SuppressTfmSupportBuildWarnings=true
  cp "$out/Cdklabs.CdkNag/bin/Release/Cdklabs.CdkNag.$CDK_NAG_VERSION.nupkg" "$feed/"
fi
ls -1 "$feed"/*.nupkg
