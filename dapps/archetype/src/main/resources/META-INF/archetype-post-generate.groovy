// Runs after the files are laid out. The validation regexes of archetype-metadata.xml are applied only when
// archetype:generate asks interactively, so -Dname and -Dflavour are checked again here, for batch mode.
def project = new File(request.outputDirectory, request.artifactId)
def name = request.properties.get('name')
def flavour = request.properties.get('flavour')
def refuse = { String why ->
    project.deleteDir()
    throw new IllegalArgumentException(why)
}
if (!(name ==~ /[a-z][a-z0-9-]{0,31}/)) {
    refuse("The dApp name '" + name + "' cannot be used: a name is 1 to 32 lower-case letters, digits and dashes, "
            + "starting with a letter (it becomes the address /dapps/<name>/). Try -Dname=my-app.")
}
if (!(flavour in ['static', 'java'])) {
    refuse("-Dflavour must be static (pages only) or java (pages plus a Java service and its API), not '" + flavour + "'.")
}
// A static dApp has no Java: drop the Java sources laid out for -Dflavour=java.
if (flavour == 'static') {
    ['src/main/java', 'src/test'].each { new File(project, it).deleteDir() }
}
