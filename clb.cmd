@echo off
rem The clb command on Windows, as ./clb is elsewhere: builds the cli jar when it is missing, then runs it.
rem Unlike ./clb it does not notice changed sources: after changing them, delete cli\target\clb.jar (or run
rem mvn -q -B -DskipTests -pl cli,samples -am package) and the next clb builds again.
setlocal
set "CLB_ROOT=%~dp0"
set "CLB_ROOT=%CLB_ROOT:~0,-1%"
set "CLB_JAR=%CLB_ROOT%\cli\target\clb.jar"
if not exist "%CLB_JAR%" goto build
if not exist "%CLB_ROOT%\samples\target\classes\io" goto build
goto run

:build
echo clb: building the cli (first run or jar missing)... 1>&2
set "CLB_LOG=%TEMP%\clb-build.log"
pushd "%CLB_ROOT%"
call mvn -q -B -DskipTests -pl cli,samples -am package > "%CLB_LOG%" 2>&1
set "CLB_RC=%ERRORLEVEL%"
popd
if not "%CLB_RC%"=="0" (
  type "%CLB_LOG%" 1>&2
  echo clb: the build failed ^(output above, and in %CLB_LOG%^) 1>&2
  exit /b 3
)

:run
java %CLB_JAVA_OPTS% "-Dclb.home=%CLB_ROOT%" -jar "%CLB_JAR%" %*
exit /b %ERRORLEVEL%
